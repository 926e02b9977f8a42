package io.fulcrum.connect.source;

import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.OperationalEvent;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The configured sources read into a job: the events of all sources together (timestamped by event time and
 * watermarked per Kafka partition), and the records that could not be mapped, for the dead-letter topic.
 *
 * @param events the events of every source
 * @param deadLetters the unmappable records of every source, with reason, source name and original bytes
 */
public record SourceStreams(DataStream<OperationalEvent> events, DataStream<DeadLetter> deadLetters) {
  public SourceStreams {
    Objects.requireNonNull(events, "events can't be null");
    Objects.requireNonNull(deadLetters, "deadLetters can't be null");
  }
}
