package io.fulcrum.pipeline;

import io.fulcrum.alert.AlertConfig;
import io.fulcrum.alert.AlertConfigLoader;
import io.fulcrum.alert.KpiAlerting;
import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.connect.clickhouse.ClickHouseSink;
import io.fulcrum.connect.clickhouse.DdlLayout;
import io.fulcrum.connect.clickhouse.FulcrumTables;
import io.fulcrum.connect.clickhouse.MigrationException;
import io.fulcrum.connect.clickhouse.MigrationReport;
import io.fulcrum.connect.clickhouse.Migrations;
import io.fulcrum.connect.clickhouse.Migrator;
import io.fulcrum.connect.clickhouse.RowMapping;
import io.fulcrum.connect.kafka.AvroKafkaSink;
import io.fulcrum.connect.kafka.AvroKafkaSource;
import io.fulcrum.connect.kafka.BusinessObjectKey;
import io.fulcrum.connect.kafka.DecodedStream;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.source.OperationalEventSources;
import io.fulcrum.connect.webhook.WebhookFormat;
import io.fulcrum.connect.webhook.WebhookOptions;
import io.fulcrum.connect.webhook.WebhookSink;
import io.fulcrum.connect.source.SourceCatalog;
import io.fulcrum.connect.source.SourceDefinition;
import io.fulcrum.connect.source.SourceStreams;
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiDefinitionLoader;
import io.fulcrum.kpi.MeasureCatalog;
import io.fulcrum.kpi.KpiEngine;
import io.fulcrum.impact.ImpactEngine;
import io.fulcrum.impact.ImpactOptions;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Fulcrum's main job: operational events from Kafka, KPIs per business object and window, and every result and
 * every record that could not be processed written out, at least once and idempotently.
 *
 * <pre>
 *   sources (JSON, CSV, Avro) --+
 *   events topic (Avro) --------+--> KPI engine --> KpiValue --> Kafka kpi-values topic, ClickHouse kpi_values
 *        |                     |                 |
 *        |                     |   initiatives --+--> impact engine --> ImpactEstimate --> Kafka, ClickHouse
 *        |                     |   (topic)  --> ClickHouse initiatives              |
 *        |                     +--> alert engine (+ initiatives, estimates) --> KpiAlert --> Kafka, ClickHouse
 *        +-- undecodable --+---+-- later than allowed lateness --> dead letters --> Kafka dead-letter topic,
 *                                                                                   ClickHouse dead_letters
 * </pre>
 *
 * With {@code job.deduplicationWindow} set, the events pass {@link DuplicateEventFilter} (keyed by event id) before
 * the KPI and impact engines, so an event published twice counts once.
 *
 * <p>Operator uids are stable ({@code events-source}, {@code event-deduplication}, {@code kpi-split},
 * {@code kpi-windows}, ...), so a job restored from a savepoint keeps its state across versions that keep the KPI
 * definitions.
 */
public final class FulcrumPipeline {

    /**
     * KPI windows the impact engine keeps per object: two years of daily windows, so pre-periods of a year and more
     * fit, at a fixed bound on state.
     */
    static final int RETAINED_WINDOWS = 730;

    private final PipelineConfig config;
    private final SourceCatalog sources;
    private final List<KpiDefinition> kpis;
    private final AlertConfig alerting;

    private FulcrumPipeline(PipelineConfig config, SourceCatalog sources, List<KpiDefinition> kpis,
                            AlertConfig alerting) {
        this.config = config;
        this.sources = sources;
        this.kpis = List.copyOf(kpis);
        this.alerting = alerting;
    }

    /**
     * Loads and validates everything in the configuration directory: {@code fulcrum.yaml}, the sources in
     * {@code sources/} (optional: without it only the canonical events topic is read) and the KPI definitions in
     * {@code kpis/}, checked against the measures the sources provide.
     *
     * @throws RuntimeException naming the file and field of a problem (see the loaders)
     */
    public static FulcrumPipeline load(Path configDirectory) {
        PipelineConfig config = PipelineConfigLoader.load(configDirectory);
        SourceCatalog sources = Files.isDirectory(config.sourceDirectory())
                ? SourceCatalog.load(config.sourceDirectory()) : SourceCatalog.of(List.of());
        List<KpiDefinition> kpis = KpiDefinitionLoader.withCatalog(measuresOf(sources)).load(config.kpiDirectory());
        AlertConfig alerting = AlertConfigLoader.load(configDirectory,
                kpis.stream().collect(Collectors.toMap(KpiDefinition::id, k -> k)));
        return of(config, sources, kpis, alerting);
    }

    /**
     * The measures per event type that the sources provide. Sources whose event type comes from a record field
     * can carry any type: their measures are not known per type, so KPIs over them are not checked here.
     */
    static MeasureCatalog measuresOf(SourceCatalog sources) {
        MeasureCatalog.Builder catalog = MeasureCatalog.builder();
        for (SourceDefinition source : sources.sources()) {
            source.eventType().constant().ifPresent(type -> catalog.eventType(type,
                    source.measureNames().toArray(String[]::new)));
        }
        return catalog.build();
    }

    /**
     * The job for {@code config} reading {@code sources}, computing {@code kpis} and alerting by {@code alerting},
     * all validated already.
     */
    public static FulcrumPipeline of(PipelineConfig config, SourceCatalog sources, List<KpiDefinition> kpis,
                                     AlertConfig alerting) {
        Objects.requireNonNull(alerting, "alerting can't be null");
        Objects.requireNonNull(config, "config can't be null");
        Objects.requireNonNull(sources, "sources can't be null");
        Objects.requireNonNull(kpis, "kpis can't be null");
        if (kpis.isEmpty()) {
            throw new IllegalArgumentException("no KPI definitions in " + config.kpiDirectory()
                    + ": add at least one *.yaml file (see the README's 'KPI definitions')");
        }
        return new FulcrumPipeline(config, sources, kpis, alerting);
    }

    public PipelineConfig config() {
        return config;
    }

    public SourceCatalog sources() {
        return sources;
    }

    public List<KpiDefinition> kpis() {
        return kpis;
    }

    /** Adds the job's operators to {@code env} and configures its checkpointing and parallelism. */
    public void addTo(StreamExecutionEnvironment env) {
        PipelineConfig.Job job = config.job();
        env.setParallelism(job.parallelism());
        // Checkpoints are what make the sinks at-least-once: each flushes its pending records before a checkpoint
        // completes, and a restart replays Kafka from the offsets of the last completed checkpoint.
        env.enableCheckpointing(job.checkpointInterval().toMillis());
        if (job.checkpointDirectory() != null) {
            Configuration storage = new Configuration();
            storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, job.checkpointDirectory());
            env.configure(storage);
        }

        SchemaRegistryConfig registry = SchemaRegistryConfig.of(config.registryUrl());
        // Bounded: no idleness. A bounded input that finishes sends the end-of-time watermark; with idleness, a
        // partition quiet for longer than job.idleness (a slow fetch) would leave only finished inputs, the
        // watermark would jump to the end of time, and every later event of that partition would be dead-lettered
        // as LATE (seen in FulcrumPipelineITCase). Finished inputs stop holding the watermark back by themselves.
        WatermarkStrategy<OperationalEvent> watermarks = job.bounded() ? KpiEngine.watermarks(job.outOfOrderness())
                : KpiEngine.watermarks(job.outOfOrderness(), job.idleness());
        // Canonical events (producers that already speak OperationalEvent) and the configured sources, one stream.
        DecodedStream<OperationalEvent> canonical = kafkaSource(AvroRecordFormat.specific(OperationalEvent.class),
                config.topics().events(), registry).attach(env, watermarks, "events");
        DataStream<OperationalEvent> events = canonical.records();
        DataStream<DeadLetter> deadLetters = canonical.deadLetters();
        if (!sources.sources().isEmpty()) {
            OperationalEventSources.Builder builder = OperationalEventSources.builder(sources)
                    .bootstrapServers(config.kafka().bootstrapServers())
                    .groupId(config.kafka().groupId())
                    .registry(registry);
            config.kafka().properties().forEach(builder::property);
            if (job.bounded()) {
                builder.bounded(OffsetsInitializer.latest());
            }
            SourceStreams mapped = builder.build().attach(env, watermarks);
            events = events.union(mapped.events());
            deadLetters = deadLetters.union(mapped.deadLetters());
        }

        // Opt-in: a keyBy by event id costs a shuffle of every event, so without a window the events go straight on.
        if (job.deduplicationWindow().isPresent()) {
            events = DuplicateEventFilter.apply(events, job.deduplicationWindow().get());
        }

        KpiEngine.Result kpi = KpiEngine.of(kpis).compute(events);

        kpi.values().sinkTo(clickHouseSink(FulcrumTables.kpiValues()))
                .name("kpi-values to ClickHouse").uid("kpi-values-clickhouse");
        kpi.values().sinkTo(kafkaSink(AvroRecordFormat.specific(KpiValue.class), config.topics().kpiValues(),
                        registry, v -> BusinessObjectKey.bytes(v.getObject())))
                .name("kpi-values to Kafka").uid("kpi-values-kafka");

        // Initiatives carry no event time of their own that matters to KPI windows: take updatedAt and let the
        // topic go idle, so a quiet initiatives topic never holds the estimates' watermark back.
        WatermarkStrategy<Initiative> initiativeTime = WatermarkStrategy.<Initiative>forMonotonousTimestamps()
                .withTimestampAssigner((i, previous) -> i.getUpdatedAt().toEpochMilli());
        DecodedStream<Initiative> initiatives = kafkaSource(AvroRecordFormat.specific(Initiative.class),
                config.topics().initiatives(), registry).attach(env,
                job.bounded() ? initiativeTime : initiativeTime.withIdleness(job.idleness()), "initiatives");
        initiatives.records().sinkTo(clickHouseSink(FulcrumTables.initiatives()))
                .name("initiatives to ClickHouse").uid("initiatives-clickhouse");

        DataStream<ImpactEstimate> estimates = ImpactEngine.with(ImpactOptions.defaults(), RETAINED_WINDOWS)
                .estimate(kpi.values(), initiatives.records(), events, kpis);
        estimates.sinkTo(clickHouseSink(FulcrumTables.impactEstimates()))
                .name("impact estimates to ClickHouse").uid("impact-estimates-clickhouse");
        estimates.sinkTo(kafkaSink(AvroRecordFormat.specific(ImpactEstimate.class),
                        config.topics().impactEstimates(), registry,
                        e -> e.getInitiativeId().getBytes(StandardCharsets.UTF_8)))
                .name("impact estimates to Kafka").uid("impact-estimates-kafka");

        DataStream<KpiAlert> alerts = KpiAlerting.detect(kpi.values(), initiatives.records(), estimates, alerting);
        alerts.sinkTo(clickHouseSink(FulcrumTables.kpiAlerts()))
                .name("alerts to ClickHouse").uid("kpi-alerts-clickhouse");
        alerts.sinkTo(kafkaSink(AvroRecordFormat.specific(KpiAlert.class), config.topics().alerts(), registry,
                        a -> BusinessObjectKey.bytes(a.getObject())))
                .name("alerts to Kafka").uid("kpi-alerts-kafka");
        for (PipelineConfig.Webhook webhook : config.webhooks()) {
            WebhookOptions.Builder options = WebhookOptions.builder(webhook.url(),
                    webhook.format().equals("alertmanager") ? WebhookFormat.ALERTMANAGER : WebhookFormat.GENERIC_JSON);
            webhook.headers().forEach(options::header);
            WebhookSink.attach(alerts, options.build());
        }

        deadLetters = deadLetters.union(kpi.lateEvents(), initiatives.deadLetters());
        AvroKafkaSink.Builder<DeadLetter> deadLetterSink = AvroKafkaSink.forDeadLetters()
                .bootstrapServers(config.kafka().bootstrapServers())
                .topic(config.topics().deadLetters())
                .registry(registry);
        config.kafka().properties().forEach(deadLetterSink::property);
        deadLetters.sinkTo(deadLetterSink.build())
                .name("dead letters to Kafka").uid("dead-letters-kafka");
        deadLetters.sinkTo(clickHouseSink(FulcrumTables.deadLetters()))
                .name("dead letters to ClickHouse").uid("dead-letters-clickhouse");
    }

    /**
     * Creates or upgrades Fulcrum's tables and views in the configured ClickHouse database; run before the job
     * starts, so a failing migration stops start-up with the file name and the server's error.
     */
    public MigrationReport migrateClickHouse() throws MigrationException, SQLException {
        String cluster = config.clickhouse().cluster();
        return Migrator.of(clickHouseConnection(), cluster == null ? DdlLayout.singleNode()
                : DdlLayout.cluster(cluster), Migrations.bundled()).migrate();
    }

    private ClickHouseConnectionSettings clickHouseConnection() {
        Properties properties = new Properties();
        properties.putAll(config.clickhouse().properties());
        return ClickHouseConnectionSettings.of(config.clickhouse().jdbcUrl(), properties);
    }

    private <T> ClickHouseSink<T> clickHouseSink(RowMapping<T> mapping) {
        return ClickHouseSink.<T>builder().connection(clickHouseConnection()).mapping(mapping).build();
    }

    private <T> AvroKafkaSource<T> kafkaSource(AvroRecordFormat<T> format, String topic,
                                               SchemaRegistryConfig registry) {
        AvroKafkaSource.Builder<T> source = AvroKafkaSource.builder(format)
                .bootstrapServers(config.kafka().bootstrapServers())
                .topics(topic)
                .groupId(config.kafka().groupId())
                .registry(registry);
        config.kafka().properties().forEach(source::property);
        if (config.job().bounded()) {
            source.bounded(OffsetsInitializer.latest());
        }
        return source.build();
    }

    private <T> org.apache.flink.connector.kafka.sink.KafkaSink<T> kafkaSink(
            AvroRecordFormat<T> format, String topic, SchemaRegistryConfig registry,
            org.apache.flink.util.function.SerializableFunction<T, byte[]> key) {
        AvroKafkaSink.Builder<T> sink = AvroKafkaSink.builder(format)
                .bootstrapServers(config.kafka().bootstrapServers())
                .topic(topic)
                .registry(registry)
                .key(key);
        config.kafka().properties().forEach(sink::property);
        return sink.build();
    }
}
