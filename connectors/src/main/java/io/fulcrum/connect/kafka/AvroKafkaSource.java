package io.fulcrum.connect.kafka;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.schema.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * Reads Avro records of Fulcrum topics (Confluent wire format) into a Flink job, undecodable records going to
 * dead letters instead of failing the job.
 *
 * <pre>{@code
 * AvroKafkaSource<OperationalEvent> events = AvroKafkaSource.builder(AvroRecordFormat.specific(OperationalEvent.class))
 *     .bootstrapServers("kafka:9092")
 *     .topics("fulcrum.operational-events")
 *     .groupId("fulcrum-kpi")
 *     .registry(SchemaRegistryConfig.of("http://registry:8081"))
 *     .property("security.protocol", "SSL")            // any Kafka consumer property
 *     .build();
 * DecodedStream<OperationalEvent> stream = events.attach(env, watermarks, "operational-events");
 * stream.deadLetters().sinkTo(AvroKafkaSink.forDeadLetters()...build());
 * }</pre>
 *
 * Required: bootstrap servers, at least one topic, the registry, and a group id unless starting offsets are given.
 * Defaults: starting offsets = the group's committed offsets, else earliest; unbounded.
 *
 * @param <T> the record type
 */
public final class AvroKafkaSource<T> {

  private final AvroRecordFormat<T> format;
  private final KafkaSource<Either<DeadLetter, T>> source;

  private AvroKafkaSource(AvroRecordFormat<T> format, KafkaSource<Either<DeadLetter, T>> source) {
    this.format = format;
    this.source = source;
  }

  public static <T> Builder<T> builder(AvroRecordFormat<T> format) {
    return new Builder<>(Objects.requireNonNull(format, "format can't be null"));
  }

  /** The underlying Kafka source of records ({@code Right}) and dead letters ({@code Left}). */
  public KafkaSource<Either<DeadLetter, T>> kafkaSource() {
    return source;
  }

  /**
   * Adds the source to a job. {@code name} names the operators and sets their uids ({@code <name>-source},
   * {@code <name>-split}), so keep it stable across versions of a job to restore its state.
   */
  public DecodedStream<T> attach(StreamExecutionEnvironment env, WatermarkStrategy<T> watermarks, String name) {
    Objects.requireNonNull(env, "env can't be null");
    Objects.requireNonNull(watermarks, "watermarks can't be null: use WatermarkStrategy.noWatermarks()");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("source name '" + name + "' is blank: name it after its topic");
    }
    OutputTag<DeadLetter> deadLetters = new OutputTag<>(name + "-dead-letters",
        AvroRecordFormat.specific(DeadLetter.class).typeInformation());
    SingleOutputStreamOperator<T> records = env
        .fromSource(source, new DeadLetterAwareWatermarks<>(watermarks), name + "-source")
        .uid(name + "-source")
        .process(new DeadLetterSplit<>(deadLetters), format.typeInformation())
        .name(name + "-split")
        .uid(name + "-split");
    return new DecodedStream<>(records, records.getSideOutput(deadLetters));
  }

  /** Builds an {@link AvroKafkaSource}; setters check their value, {@link #build()} the whole. */
  public static final class Builder<T> {
    private final AvroRecordFormat<T> format;
    private final List<String> topics = new ArrayList<>();
    private final Properties properties = new Properties();
    private String bootstrapServers;
    private String groupId;
    private SchemaRegistryConfig registry;
    private OffsetsInitializer startingOffsets;
    private OffsetsInitializer stoppingOffsets;

    private Builder(AvroRecordFormat<T> format) {
      this.format = format;
    }

    public Builder<T> bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = requireText("bootstrapServers", bootstrapServers, "host:9092");
      return this;
    }

    public Builder<T> topics(String... topics) {
      for (String topic : Objects.requireNonNull(topics, "topics can't be null")) {
        this.topics.add(requireText("topic", topic, "fulcrum.operational-events"));
      }
      return this;
    }

    public Builder<T> groupId(String groupId) {
      this.groupId = requireText("groupId", groupId, "fulcrum-kpi");
      return this;
    }

    public Builder<T> registry(SchemaRegistryConfig registry) {
      this.registry = Objects.requireNonNull(registry, "registry can't be null");
      return this;
    }

    public Builder<T> startingOffsets(OffsetsInitializer startingOffsets) {
      this.startingOffsets = Objects.requireNonNull(startingOffsets, "startingOffsets can't be null");
      return this;
    }

    /** Makes the source bounded: it finishes at these offsets (for batch re-processing and tests). */
    public Builder<T> bounded(OffsetsInitializer stoppingOffsets) {
      this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets, "stoppingOffsets can't be null");
      return this;
    }

    /** Any Kafka consumer or Flink Kafka source property, passed through unchanged. */
    public Builder<T> property(String key, String value) {
      properties.setProperty(requireText("property key", key, "security.protocol"),
          Objects.requireNonNull(value, "value of property " + key + " can't be null"));
      return this;
    }

    /** Adds every entry of {@code properties} (copied; later changes to it have no effect). */
    public Builder<T> properties(Properties properties) {
      Objects.requireNonNull(properties, "properties can't be null");
      properties.stringPropertyNames().forEach(k -> property(k, properties.getProperty(k)));
      return this;
    }

    public AvroKafkaSource<T> build() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("Kafka source of " + format + " has no bootstrap servers: "
            + "call bootstrapServers(\"host:9092\")");
      }
      if (topics.isEmpty()) {
        throw new IllegalStateException("Kafka source of " + format + " has no topic: call topics(\"...\")");
      }
      if (registry == null) {
        throw new IllegalStateException("Kafka source of " + format + " on " + topics
            + " has no schema registry: call registry(SchemaRegistryConfig.of(\"http://host:8081\"))");
      }
      if (groupId == null && startingOffsets == null) {
        throw new IllegalStateException("Kafka source of " + format + " on " + topics + " has no group id, so it "
            + "has no committed offsets to start from: call groupId(\"<job name>\") or startingOffsets(...)");
      }
      KafkaSourceBuilder<Either<DeadLetter, T>> b = KafkaSource.<Either<DeadLetter, T>>builder()
          .setBootstrapServers(bootstrapServers)
          .setTopics(List.copyOf(topics))
          .setDeserializer(new DeadLetteringDeserializationSchema<>(format, registry))
          .setStartingOffsets(startingOffsets != null ? startingOffsets : committedElseEarliest());
      if (groupId != null) {
        b.setGroupId(groupId);
      }
      if (stoppingOffsets != null) {
        b.setBounded(stoppingOffsets);
      }
      Properties copy = new Properties();
      copy.putAll(properties);
      b.setProperties(copy);
      return new AvroKafkaSource<>(format, b.build());
    }
  }

  /** Flink's Kafka connector 5.0 takes only Kafka's deprecated reset enum here; there is no replacement yet. */
  @SuppressWarnings("deprecation")
  private static OffsetsInitializer committedElseEarliest() {
    return OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
  }

  static String requireText(String name, String value, String example) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " '" + value + "' is blank: pass e.g. \"" + example + "\"");
    }
    return value;
  }
}
