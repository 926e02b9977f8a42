package io.fulcrum.connect.source;

import io.fulcrum.connect.kafka.DeadLetteringDeserializationSchema;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

/**
 * Maps the Kafka records of one source while they are read: an event as {@code Right}, a record that cannot be
 * mapped as {@code Left(DeadLetter)} with its original bytes, the reason and the source's name; a record a skip
 * rule matches is dropped and counted. Metrics in the source reader's group: {@code numSkippedRecords},
 * {@code numDeadLetters} and {@code reason.<REASON>.numDeadLetters}.
 *
 * <p>A schema registry that cannot be reached fails the task (and the job restarts from its last checkpoint), so
 * no good record is dead-lettered for it.
 */
public final class SourceDeserializationSchema
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, OperationalEvent>> {

  private static final long serialVersionUID = 1L;
  static final String SKIPPED_METRIC = "numSkippedRecords";
  static final String DEAD_LETTER_METRIC = "numDeadLetters";

  private final SourceDefinition definition;
  private final SchemaRegistryConfig registry;
  private final Clock clock;
  private transient RecordMapper mapper;
  private transient Counter skipped;
  private transient Counter deadLetters;
  private transient Map<DeadLetterReason, Counter> deadLettersByReason;

  /**
   * @param registry the schema registry of an Avro source; may be null for JSON and CSV sources
   */
  public SourceDeserializationSchema(SourceDefinition definition, SchemaRegistryConfig registry) {
    this(definition, registry, Clock.systemUTC());
  }

  SourceDeserializationSchema(SourceDefinition definition, SchemaRegistryConfig registry, Clock clock) {
    this.definition = Objects.requireNonNull(definition, "definition can't be null");
    if (definition.format() == SourceFormat.AVRO && registry == null) {
      throw new IllegalArgumentException(definition + " is avro but no schema registry is configured: pass the "
          + "registry the source's producers register their schemas in");
    }
    this.registry = registry;
    this.clock = Objects.requireNonNull(clock, "clock can't be null");
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    mapper = RecordMapper.of(definition, registry == null ? null
        : WriterSchemas.of(SchemaRegistryClient.create(registry)));
    MetricGroup metrics = context.getMetricGroup();
    skipped = metrics.counter(SKIPPED_METRIC);
    deadLetters = metrics.counter(DEAD_LETTER_METRIC);
    deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLettersByReason.put(reason, metrics.addGroup("reason", reason.name()).counter(DEAD_LETTER_METRIC));
    }
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record,
      Collector<Either<DeadLetter, OperationalEvent>> out) {
    if (mapper == null) {
      throw new IllegalStateException("deserialize called before open: the Kafka source opens its deserializer");
    }
    Optional<OperationalEvent> event;
    try {
      event = mapper.map(record);
    } catch (UnmappableRecordException e) {
      deadLetters.inc();
      deadLettersByReason.get(e.reason()).inc();
      out.collect(Either.Left(DeadLetteringDeserializationSchema.deadLetter(record, e.reason(),
          "source '" + definition.name() + "': " + e.getMessage(), clock.instant())));
      return;
    }
    if (event.isPresent()) {
      out.collect(Either.Right(event.get()));
    } else {
      skipped.inc();
    }
  }

  @Override
  public TypeInformation<Either<DeadLetter, OperationalEvent>> getProducedType() {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(OperationalEvent.class));
  }
}
