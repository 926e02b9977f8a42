package io.fulcrum.pipeline;

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
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiEngine;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

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
 *   events topic (Avro) --> KPI engine --> KpiValue --> Kafka kpi-values topic, ClickHouse kpi_values
 *        |                     |
 *        +-- undecodable --+---+-- later than allowed lateness --> dead letters --> Kafka dead-letter topic,
 *                                                                                   ClickHouse dead_letters
 * </pre>
 *
 * Operator uids are stable ({@code events-source}, {@code kpi-split}, {@code kpi-windows}, ...), so a job restored
 * from a savepoint keeps its state across versions that keep the KPI definitions.
 */
public final class FulcrumPipeline {

    private final PipelineConfig config;
    private final List<KpiDefinition> kpis;

    private FulcrumPipeline(PipelineConfig config, List<KpiDefinition> kpis) {
        this.config = config;
        this.kpis = List.copyOf(kpis);
    }

    /** The job for {@code config} computing {@code kpis} (loaded and validated by the caller). */
    public static FulcrumPipeline of(PipelineConfig config, List<KpiDefinition> kpis) {
        Objects.requireNonNull(config, "config can't be null");
        Objects.requireNonNull(kpis, "kpis can't be null");
        if (kpis.isEmpty()) {
            throw new IllegalArgumentException("no KPI definitions in " + config.kpiDirectory()
                    + ": add at least one *.yaml file (see the README's 'KPI definitions')");
        }
        return new FulcrumPipeline(config, kpis);
    }

    public PipelineConfig config() {
        return config;
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
        AvroKafkaSource.Builder<OperationalEvent> source = AvroKafkaSource
                .builder(AvroRecordFormat.specific(OperationalEvent.class))
                .bootstrapServers(config.kafka().bootstrapServers())
                .topics(config.topics().events())
                .groupId(config.kafka().groupId())
                .registry(registry);
        config.kafka().properties().forEach(source::property);
        if (job.bounded()) {
            source.bounded(OffsetsInitializer.latest());
        }
        DecodedStream<OperationalEvent> events = source.build()
                .attach(env, KpiEngine.watermarks(job.outOfOrderness(), job.idleness()), "events");

        KpiEngine.Result kpi = KpiEngine.of(kpis).compute(events.records());

        kpi.values().sinkTo(clickHouseSink(FulcrumTables.kpiValues()))
                .name("kpi-values to ClickHouse").uid("kpi-values-clickhouse");
        kpi.values().sinkTo(kafkaSink(AvroRecordFormat.specific(KpiValue.class), config.topics().kpiValues(),
                        registry, v -> BusinessObjectKey.bytes(v.getObject())))
                .name("kpi-values to Kafka").uid("kpi-values-kafka");

        DataStream<DeadLetter> deadLetters = events.deadLetters().union(kpi.lateEvents());
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
