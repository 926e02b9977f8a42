package io.fulcrum.connect.source;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Kafka records for mapper tests. */
final class Records {

  static final String TOPIC = "tms.shipment-events";
  static final long KAFKA_TIMESTAMP = 1_772_440_000_000L;

  private Records() {}

  static ConsumerRecord<byte[], byte[]> record(byte[] value, long offset) {
    return new ConsumerRecord<>(TOPIC, 2, offset, KAFKA_TIMESTAMP, TimestampType.CREATE_TIME, -1, value == null ? -1
        : value.length, null, value, new RecordHeaders(), Optional.empty());
  }

  static ConsumerRecord<byte[], byte[]> record(String value) {
    return record(value.getBytes(StandardCharsets.UTF_8), 7);
  }
}
