package io.fulcrum.connect.kafka;

import io.fulcrum.schema.DeadLetter;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A Kafka topic read into a job: the decoded records, and the dead letters of the records that could not be
 * decoded (to be written to a dead-letter topic, e.g. with {@link AvroKafkaSink#forDeadLetters()}).
 *
 * @param records decoded records, timestamped and watermarked
 * @param deadLetters undecodable records with their original bytes and the reason
 */
public record DecodedStream<T>(SingleOutputStreamOperator<T> records, DataStream<DeadLetter> deadLetters) {
  public DecodedStream {
    Objects.requireNonNull(records, "records can't be null");
    Objects.requireNonNull(deadLetters, "deadLetters can't be null");
  }
}
