package io.fulcrum.connect.kafka;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroDecoder;
import io.fulcrum.connect.avro.UndecodableRecordException;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.RecordHeader;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads Confluent wire-format Avro values from Kafka and never fails on a bad one: a decodable record is emitted
 * as {@code Right(record)}, an undecodable one as {@code Left(DeadLetter)} with its topic, partition, offset,
 * original key, value and headers, and the reason. Dead letters are counted in the metrics
 * {@code numDeadLetters} and {@code reason.<REASON>.numDeadLetters} of the source's group.
 *
 * <p>A registry that cannot be reached is not the record's fault: it throws and the job restarts from its last
 * checkpoint, so no good record is dead-lettered or lost.
 *
 * @param <T> the record type
 */
public final class DeadLetteringDeserializationSchema<T>
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

  private static final long serialVersionUID = 1L;
  static final String METRIC = "numDeadLetters";

  private final AvroRecordFormat<T> format;
  private final SchemaRegistryConfig registry;
  private final Clock clock;
  private transient ConfluentAvroDecoder<T> decoder;
  private transient Counter deadLetters;
  private transient Map<DeadLetterReason, Counter> deadLettersByReason;

  public DeadLetteringDeserializationSchema(AvroRecordFormat<T> format, SchemaRegistryConfig registry) {
    this(format, registry, Clock.systemUTC());
  }

  DeadLetteringDeserializationSchema(AvroRecordFormat<T> format, SchemaRegistryConfig registry, Clock clock) {
    this.format = Objects.requireNonNull(format, "format can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    this.clock = clock;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = new ConfluentAvroDecoder<>(format, SchemaRegistryClient.create(registry));
    MetricGroup metrics = context.getMetricGroup();
    deadLetters = metrics.counter(METRIC);
    deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLettersByReason.put(reason, metrics.addGroup("reason", reason.name()).counter(METRIC));
    }
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    if (decoder == null) {
      throw new IllegalStateException("deserialize called before open: the Kafka source opens its deserializer");
    }
    try {
      out.collect(Either.Right(decoder.decode(record.value())));
    } catch (UndecodableRecordException e) {
      deadLetters.inc();
      deadLettersByReason.get(e.reason()).inc();
      out.collect(Either.Left(deadLetter(record, e.reason(), e.getMessage(), clock.instant())));
    }
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), format.typeInformation());
  }

  /** The dead letter of a Kafka record, with its original bytes. */
  public static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String message,
      Instant failedAt) {
    List<RecordHeader> headers = new ArrayList<>();
    for (Header h : record.headers()) {
      headers.add(new RecordHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
    }
    return DeadLetter.newBuilder()
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setSourceTimestamp(record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()))
        .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setHeaders(headers)
        .setReasonCode(reason)
        .setReasonMessage(message == null ? reason.name() : message)
        .setFailedAt(failedAt)
        .build();
  }
}
