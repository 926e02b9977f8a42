package io.fulcrum.connect.source;

import io.fulcrum.schema.OperationalEvent;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Maps the Kafka records of one source onto {@code OperationalEvent}s, with the definition compiled once into field
 * accessors. One per task: not thread-safe.
 *
 * <p>The event's {@code ingestionTime} is the Kafka record's timestamp (the moment the broker or the producer
 * stamped it), so re-reading a record after a restart yields the identical event and downstream writes stay
 * idempotent; records without a timestamp get the mapper's clock time.
 */
public interface RecordMapper {

  /**
   * The event of a record; empty when a skip rule of the definition matches it.
   *
   * @throws UnmappableRecordException when the record cannot be mapped (its reason says why)
   */
  Optional<OperationalEvent> map(ConsumerRecord<byte[], byte[]> record) throws UnmappableRecordException;

  /**
   * A mapper for a source definition.
   *
   * @param writerSchemas where an Avro source's writer schemas are found by id (the registry); unused otherwise
   */
  static RecordMapper of(SourceDefinition definition, WriterSchemas writerSchemas) {
    Objects.requireNonNull(definition, "definition can't be null");
    switch (definition.format()) {
      case JSON:
        return new JsonRecordMapper(definition);
      case CSV:
        return new CsvRecordMapper(definition);
      case AVRO:
        return new AvroRecordMapper(definition, Objects.requireNonNull(writerSchemas,
            "writerSchemas can't be null for avro source " + definition.name()));
      default:
        throw new IllegalArgumentException("format " + definition.format() + " has no mapper");
    }
  }

  /** The id of an event whose source names no id fields: unique and stable per Kafka record. */
  static String derivedId(ConsumerRecord<byte[], byte[]> record) {
    return record.topic() + "/" + record.partition() + "/" + record.offset();
  }

  /** The ingestion time of a record: its Kafka timestamp, else now. */
  static long ingestionMillis(ConsumerRecord<byte[], byte[]> record) {
    return record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
  }
}
