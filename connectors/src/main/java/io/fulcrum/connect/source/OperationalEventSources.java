package io.fulcrum.connect.source;

import io.fulcrum.connect.kafka.DeadLetterAwareWatermarks;
import io.fulcrum.connect.kafka.DeadLetterSplit;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.OperationalEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Reads every source of a {@link SourceCatalog} from Kafka into one stream of {@code OperationalEvent}s, records
 * that cannot be mapped going to dead letters.
 *
 * <pre>{@code
 * SourceCatalog catalog = SourceCatalog.load(Path.of("config/demo/sources"));
 * OperationalEventSources sources = OperationalEventSources.builder(catalog)
 *     .bootstrapServers("kafka:9092")
 *     .registry(SchemaRegistryConfig.of("http://registry:8081"))   // needed when a source is avro
 *     .groupId("fulcrum-kpi")
 *     .build();                                                     // validates avro sources against the registry
 * SourceStreams streams = sources.attach(env, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMinutes(5)));
 * streams.deadLetters().sinkTo(AvroKafkaSink.forDeadLetters()...build());
 * }</pre>
 *
 * <p>Required: the catalog, bootstrap servers, a group id (or explicit starting offsets); the registry when a
 * source is avro. Defaults: starting offsets = the
 * group's committed offsets, else earliest; unbounded; Avro sources validated at {@link Builder#build()}. Each
 * source's operators are named and have uids {@code source-<name>} and {@code source-<name>-split}: keep source
 * names stable to restore a job's state.
 */
public final class OperationalEventSources {

  private final List<SourceDefinition> definitions;
  private final List<KafkaSource<Either<DeadLetter, OperationalEvent>>> sources;

  private OperationalEventSources(List<SourceDefinition> definitions,
      List<KafkaSource<Either<DeadLetter, OperationalEvent>>> sources) {
    this.definitions = definitions;
    this.sources = sources;
  }

  public static Builder builder(SourceCatalog catalog) {
    return new Builder(Objects.requireNonNull(catalog, "catalog can't be null"));
  }

  /**
   * Adds every source to a job and unions their events and their dead letters.
   *
   * @param watermarks the event-time watermark strategy; timestamps are the events' {@code eventTime}
   */
  public SourceStreams attach(StreamExecutionEnvironment env, WatermarkStrategy<OperationalEvent> watermarks) {
    Objects.requireNonNull(env, "env can't be null");
    Objects.requireNonNull(watermarks, "watermarks can't be null: use e.g. "
        + "WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMinutes(5))");
    WatermarkStrategy<OperationalEvent> byEventTime = watermarks.withTimestampAssigner(
        (event, kafkaTimestamp) -> event.getEventTime().toEpochMilli());
    DataStream<OperationalEvent> events = null;
    DataStream<DeadLetter> deadLetters = null;
    for (int i = 0; i < sources.size(); i++) {
      String name = "source-" + definitions.get(i).name();
      OutputTag<DeadLetter> tag = new OutputTag<>(name + "-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
      SingleOutputStreamOperator<OperationalEvent> mapped = env
          .fromSource(sources.get(i), new DeadLetterAwareWatermarks<>(byEventTime), name)
          .uid(name)
          .process(new DeadLetterSplit<>(tag), new AvroTypeInfo<>(OperationalEvent.class))
          .name(name + "-split")
          .uid(name + "-split");
      events = events == null ? mapped : events.union(mapped);
      DataStream<DeadLetter> rejected = mapped.getSideOutput(tag);
      deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
    }
    return new SourceStreams(events, deadLetters);
  }

  /** Builds {@link OperationalEventSources}; setters check their value, {@link #build()} the whole. */
  public static final class Builder {
    private final SourceCatalog catalog;
    private final Properties properties = new Properties();
    private String bootstrapServers;
    private String groupId;
    private SchemaRegistryConfig registry;
    private OffsetsInitializer startingOffsets;
    private OffsetsInitializer stoppingOffsets;
    private boolean validateAvro = true;

    private Builder(SourceCatalog catalog) {
      this.catalog = catalog;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = requireText("bootstrapServers", bootstrapServers, "host:9092");
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = requireText("groupId", groupId, "fulcrum-kpi");
      return this;
    }

    /** The schema registry Avro sources' producers register their schemas in. */
    public Builder registry(SchemaRegistryConfig registry) {
      this.registry = Objects.requireNonNull(registry, "registry can't be null");
      return this;
    }

    public Builder startingOffsets(OffsetsInitializer startingOffsets) {
      this.startingOffsets = Objects.requireNonNull(startingOffsets, "startingOffsets can't be null");
      return this;
    }

    /** Makes every source bounded: it finishes at these offsets (for re-processing and tests). */
    public Builder bounded(OffsetsInitializer stoppingOffsets) {
      this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets, "stoppingOffsets can't be null");
      return this;
    }

    /**
     * Whether {@link #build()} checks Avro sources' field paths against the registry's latest schemas (default
     * true). Turn off only where the registry is not reachable at build time and the check ran elsewhere.
     */
    public Builder validateAvroSources(boolean validate) {
      this.validateAvro = validate;
      return this;
    }

    /** Any Kafka consumer or Flink Kafka source property, passed through unchanged. */
    public Builder property(String key, String value) {
      properties.setProperty(requireText("property key", key, "security.protocol"),
          Objects.requireNonNull(value, "value of property " + key + " can't be null"));
      return this;
    }

    /**
     * @throws IllegalStateException when a required setting is missing
     * @throws InvalidSourceDefinitionException when an Avro source's field is missing from its latest schema or
     *     has a type its use cannot read
     */
    public OperationalEventSources build() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("sources " + names() + " have no bootstrap servers: call "
            + "bootstrapServers(\"host:9092\")");
      }
      if (groupId == null && startingOffsets == null) {
        throw new IllegalStateException("sources " + names() + " start from their consumer group's committed "
            + "offsets but have no group id: call groupId(\"fulcrum-kpi\") or startingOffsets(...)");
      }
      boolean anyAvro = catalog.sources().stream().anyMatch(s -> s.format() == SourceFormat.AVRO);
      if (anyAvro && registry == null) {
        throw new IllegalStateException("avro sources among " + names() + " need the schema registry: call "
            + "registry(SchemaRegistryConfig.of(\"http://host:8081\"))");
      }
      if (anyAvro && validateAvro) {
        AvroSourceValidation.validate(catalog, SchemaRegistryClient.create(registry));
      }
      List<KafkaSource<Either<DeadLetter, OperationalEvent>>> sources = new ArrayList<>();
      for (SourceDefinition definition : catalog.sources()) {
        KafkaSourceBuilder<Either<DeadLetter, OperationalEvent>> b =
            KafkaSource.<Either<DeadLetter, OperationalEvent>>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeserializer(new SourceDeserializationSchema(definition,
                    definition.format() == SourceFormat.AVRO ? registry : null))
                .setStartingOffsets(startingOffsets != null ? startingOffsets
                    : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        definition.topic().ifPresent(b::setTopics);
        definition.topicPattern().ifPresent(p -> b.setTopicPattern(Pattern.compile(p)));
        if (groupId != null) {
          b.setGroupId(groupId);
        }
        if (stoppingOffsets != null) {
          b.setBounded(stoppingOffsets);
        }
        Properties copy = new Properties();
        copy.putAll(properties);
        b.setProperties(copy);
        sources.add(b.build());
      }
      return new OperationalEventSources(catalog.sources(), sources);
    }

    private List<String> names() {
      return catalog.sources().stream().map(SourceDefinition::name).toList();
    }

    private static String requireText(String name, String value, String example) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " '" + value + "' is blank: pass e.g. \"" + example + "\"");
      }
      return value;
    }
  }
}
