package io.fulcrum.app.demo;

import io.fulcrum.app.devstack.LocalStack;
import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.kafka.BusinessObjectKey;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiDefinitionLoader;
import io.fulcrum.kpi.MeasureCatalog;
import io.fulcrum.pipeline.FulcrumPipeline;
import io.fulcrum.pipeline.PipelineConfig;
import io.fulcrum.pipeline.PipelineConfigLoader;
import io.fulcrum.schema.OperationalEvent;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the demo: the stack, eight weeks of a small supply chain's events into Kafka, the pipeline over them,
 * and a summary of what it found.
 */
public final class DemoRun {

    /** A Monday, so weeks in the summary are calendar weeks. */
    static final Instant START = Instant.parse("2026-09-07T00:00:00Z");
    private static final int PARTITIONS = 2;

    private final LocalStack stack;
    private final Path configDir;
    private final int days;
    private final long seed;
    private final PrintStream out;

    public DemoRun(LocalStack stack, Path configDir, int days, long seed, PrintStream out) {
        this.stack = stack;
        this.configDir = configDir;
        this.days = days;
        this.seed = seed;
        this.out = out;
    }

    public int run() throws Exception {
        long started = System.nanoTime();
        section("1/4", "Embedded stack (Kafka, schema registry, ClickHouse)");
        stack.up(out);
        PipelineConfig config = PipelineConfigLoader.load(configDir);

        section("2/4", "Operational events of a small supply chain");
        SupplyChainWorld world = new SupplyChainWorld();
        Instant carrierSwitch = START.plus(Duration.ofDays(days / 2));
        Instant programmeStart = START.plus(Duration.ofDays(days * 3L / 8));
        OperationalEventGenerator generator = new OperationalEventGenerator(world, START, days, carrierSwitch,
                programmeStart, Duration.ofDays(7), seed);
        List<OperationalEvent> events = generator.generate();
        out.printf("  %d plants, %d suppliers, %d lanes, %d SKUs; %d days from %s%n", world.plants.size(),
                world.suppliers.size(), world.routes.size(), world.skus.size(), days, START);
        out.printf("  initiative: lane DE-FR switches to carrier B on %s%n", carrierSwitch);
        out.printf("  initiative: supplier development programme at S-14 from %s (7 days ramp-up)%n",
                programmeStart);
        List<KpiDefinition> kpis = KpiDefinitionLoader.withCatalog(catalogOf(events)).load(config.kpiDirectory());
        publish(config, events);

        section("3/4", "Pipeline: " + kpis.size() + " KPIs from " + config.kpiDirectory());
        FulcrumPipeline pipeline = FulcrumPipeline.of(config, kpis);
        DemoDatabase.reset(config.clickhouse().jdbcUrl());
        out.println("  ClickHouse tables: " + pipeline.migrateClickHouse());
        JobExecutionResult result = runPipeline(pipeline);
        out.printf("  job finished in %.1f s%n", result.getNetRuntime() / 1000.0);

        section("4/4", "Results");
        new DemoSummary(config, out).print();
        out.printf("%nDemo finished in %.0f s.%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private void publish(PipelineConfig config, List<OperationalEvent> events) throws Exception {
        PipelineConfig.Topics t = config.topics();
        try (TopicPublisher publisher = new TopicPublisher(config.kafka().bootstrapServers(), out)) {
            publisher.recreate(List.of(t.events(), t.kpiValues(), t.initiatives(), t.impactEstimates(), t.alerts(),
                    t.deadLetters()), PARTITIONS);
            SchemaRegistryClient registry = SchemaRegistryClient.create(SchemaRegistryConfig.of(config.registryUrl()));
            ConfluentAvroEncoder<OperationalEvent> encoder = new ConfluentAvroEncoder<>(
                    AvroRecordFormat.specific(OperationalEvent.class), registry, t.events(), false,
                    SubjectNameStrategy.TOPIC_NAME, true);
            publisher.send("events to " + t.events(), t.events(), events,
                    e -> BusinessObjectKey.bytes(e.getObject()), encoder::encode);
            // A feed that misbehaves: records Fulcrum cannot decode go to the dead-letter topic, not into the void.
            publisher.sendRaw(t.events(), null, "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
            publisher.sendRaw(t.events(), null, new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2});
        }
    }

    private JobExecutionResult runPipeline(FulcrumPipeline pipeline) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        pipeline.addTo(env);
        JobClient job = env.executeAsync("fulcrum-demo");
        PipelineProgress progress = new PipelineProgress(pipeline.config(), out);
        while (!job.getJobExecutionResult().isDone()) {
            progress.print();
            Thread.sleep(TopicPublisher.INTERACTIVE ? 1000 : 5000);
        }
        progress.print();
        if (TopicPublisher.INTERACTIVE) {
            out.println();
        }
        return job.getJobExecutionResult().get();
    }

    /** The demo declares exactly the measures its generated events carry, per event type. */
    private static MeasureCatalog catalogOf(List<OperationalEvent> events) {
        Map<String, Set<String>> measures = new TreeMap<>();
        for (OperationalEvent e : events) {
            measures.computeIfAbsent(e.getEventType(), k -> new TreeSet<>()).addAll(e.getMeasures().keySet());
        }
        MeasureCatalog.Builder catalog = MeasureCatalog.builder();
        measures.forEach((type, names) -> catalog.eventType(type, names.toArray(String[]::new)));
        return catalog.build();
    }

    private void section(String step, String title) {
        out.printf("%n[%s] %s%n", step, title);
    }
}
