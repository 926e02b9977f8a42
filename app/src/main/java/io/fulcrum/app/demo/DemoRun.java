package io.fulcrum.app.demo;

import io.fulcrum.app.devstack.LocalStack;
import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.kafka.BusinessObjectKey;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.connect.source.SourceDefinition;
import io.fulcrum.impact.InitiativeFile;
import io.fulcrum.pipeline.DuplicateEventFilter;
import io.fulcrum.pipeline.FulcrumPipeline;
import io.fulcrum.pipeline.PipelineConfig;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.OperationalEvent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the demo: the stack, eight weeks of a small supply chain's records into the topics of its three source
 * systems, the initiatives, the pipeline over all of it, and a summary of what it found.
 */
public final class DemoRun {

    /** A Monday, so weeks in the summary are calendar weeks. */
    static final Instant START = Instant.parse("2026-09-07T00:00:00Z");
    /** The initiatives whose effects the generator builds into the data. */
    static final String CARRIER_SWITCH_ID = "defr-carrier-b";
    static final String SUPPLIER_PROGRAMME_ID = "s14-supplier-development";
    private static final int PARTITIONS = 2;
    /** Share of the records of a source with event ids that its system publishes a second time. */
    static final double RESEND_SHARE = 0.005;

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
        FulcrumPipeline pipeline = FulcrumPipeline.load(configDir);
        PipelineConfig config = pipeline.config();
        List<Initiative> initiatives = initiatives(pipeline);

        section("1/4", "Embedded stack (Kafka, schema registry, ClickHouse)");
        stack.up(out);

        section("2/4", "Operational records of a small supply chain, as its systems publish them");
        SupplyChainWorld world = new SupplyChainWorld();
        // The generator's KPI effects follow the initiatives' files: move a start date there and the effect moves.
        Initiative carrierSwitch = byId(initiatives, CARRIER_SWITCH_ID);
        Initiative programme = byId(initiatives, SUPPLIER_PROGRAMME_ID);
        List<OperationalEvent> events = new OperationalEventGenerator(world, START, days,
                carrierSwitch.getStartTime(), programme.getStartTime(),
                Duration.ofMillis(programme.getRampUpMillis() == null ? 0 : programme.getRampUpMillis()), seed)
                .generate();
        out.printf("  %d plants, %d suppliers, %d lanes, %d SKUs; %d days from %s%n", world.plants.size(),
                world.suppliers.size(), world.routes.size(), world.skus.size(), days, START);
        AtLeastOncePublishing.Published published = new AtLeastOncePublishing(RESEND_SHARE, seed)
                .publish(events, sourcesWithEventIds(pipeline));
        publish(pipeline, world, events, published, initiatives);

        section("3/4", "Pipeline: " + pipeline.sources().sources().size() + " sources, " + pipeline.kpis().size()
                + " KPIs, " + initiatives.size() + " initiatives");
        DemoDatabase.reset(config.clickhouse().jdbcUrl());
        out.println("  ClickHouse migrations applied: " + pipeline.migrateClickHouse().applied());
        JobExecutionResult result = runPipeline(pipeline);
        out.printf("  job finished in %.1f s%n", result.getNetRuntime() / 1000.0);
        // Absent when job.deduplicationWindow is off: then no operator registers the accumulator.
        Long dropped = result.getAccumulatorResult(DuplicateEventFilter.DROPPED_METRIC);

        section("4/4", "Results");
        new DemoSummary(config, out).print(new DemoSummary.Resent(published.resentBySource(),
                dropped == null ? OptionalLong.empty() : OptionalLong.of(dropped)));
        out.printf("%nDemo finished in %.0f s. The stack keeps running: look at the charts with%n"
                + "  ./fulcrum board --jdbc-url %s      (then open http://127.0.0.1:8088/)%n"
                + "or query ClickHouse yourself, e.g.%n"
                + "  curl 'http://127.0.0.1:8123/?database=fulcrum_demo' --data-binary "
                + "'SELECT * FROM impact_estimates_latest FORMAT PrettyCompact'%n"
                + "Stop the stack with ./fulcrum devstack down.%n",
                (System.nanoTime() - started) / 1e9, config.clickhouse().jdbcUrl());
        return 0;
    }

    private List<Initiative> initiatives(FulcrumPipeline pipeline) throws IOException {
        Path dir = pipeline.config().directory().resolve("initiatives");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .map(f -> InitiativeFile.load(f, pipeline.kpis(), Clock.systemUTC())).toList();
        }
    }

    private static Initiative byId(List<Initiative> initiatives, String id) {
        return initiatives.stream().filter(i -> i.getInitiativeId().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo's story needs initiative '" + id
                        + "' in config/demo/initiatives; restore it from git"));
    }

    /** The sources whose records carry an event id: only their copies can be recognised, so only they re-send. */
    private static Set<String> sourcesWithEventIds(FulcrumPipeline pipeline) {
        return pipeline.sources().sources().stream().filter(s -> !s.eventIdFields().isEmpty())
                .map(SourceDefinition::name).collect(Collectors.toUnmodifiableSet());
    }

    private void publish(FulcrumPipeline pipeline, SupplyChainWorld world, List<OperationalEvent> events,
                         AtLeastOncePublishing.Published published, List<Initiative> initiatives)
            throws Exception {
        PipelineConfig config = pipeline.config();
        PipelineConfig.Topics t = config.topics();
        String tms = topicOf(pipeline, "tms-eu");
        String qms = topicOf(pipeline, "qms");
        String erp = topicOf(pipeline, "erp");
        SchemaRegistryClient registry = SchemaRegistryClient.create(SchemaRegistryConfig.of(config.registryUrl()));
        Schema inspection = new Schema.Parser().parse(
                config.directory().resolve("sources/schemas/InspectionResult.avsc").toFile());
        SourceSystems systems = new SourceSystems(world, inspection);
        ConfluentAvroEncoder<GenericRecord> qmsEncoder = new ConfluentAvroEncoder<>(
                AvroRecordFormat.generic(inspection), registry, qms, false, SubjectNameStrategy.TOPIC_NAME, true);
        ConfluentAvroEncoder<Initiative> initiativeEncoder = new ConfluentAvroEncoder<>(
                AvroRecordFormat.specific(Initiative.class), registry, t.initiatives(), false,
                SubjectNameStrategy.TOPIC_NAME, true);

        try (TopicPublisher publisher = new TopicPublisher(config.kafka().bootstrapServers(), out)) {
            publisher.recreate(List.of(tms, qms, erp, t.events(), t.kpiValues(), t.initiatives(),
                    t.impactEstimates(), t.alerts(), t.deadLetters()), PARTITIONS);
            Map<String, List<OperationalEvent>> bySource = bySource(published.inArrivalOrder());
            // The TMS also reports each shipment's dispatch (once), which the source definition skips.
            publisher.send("TMS dispatch notices -> " + tms, tms, bySource(events).get("tms-eu"),
                    e -> BusinessObjectKey.bytes(e.getObject()), systems::tmsDispatched);
            publisher.send("TMS deliveries (JSON) -> " + tms, tms, bySource.get("tms-eu"),
                    e -> BusinessObjectKey.bytes(e.getObject()), systems::tmsShipment);
            publisher.send("QMS inspections (Avro) -> " + qms, qms, bySource.get("qms"),
                    e -> BusinessObjectKey.bytes(e.getObject()), e -> qmsEncoder.encode(systems.qmsInspection(e)));
            publisher.send("ERP order lines (CSV) -> " + erp, erp, bySource.get("erp"),
                    e -> BusinessObjectKey.bytes(e.getObject()), systems::erpOrderLine);
            publisher.send("initiatives -> " + t.initiatives(), t.initiatives(), initiatives,
                    i -> i.getInitiativeId().getBytes(StandardCharsets.UTF_8), initiativeEncoder::encode);
            // Feeds misbehave: records that cannot be read go to the dead-letter path with their bytes, not away.
            publisher.sendRaw(tms, null, "{\"shipmentId\": \"dlv-x\", \"status\": \"DELIVERED\"".getBytes(
                    StandardCharsets.UTF_8));
            publisher.sendRaw(tms, null, ("{\"shipmentId\": \"dlv-y\", \"status\": \"DELIVERED\", \"deliveredAt\": "
                    + "\"yesterday\"}").getBytes(StandardCharsets.UTF_8));
            publisher.sendRaw(qms, null, new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2});
            publisher.sendRaw(erp, null, "4500099999,10,2026-13-45 25:00:00,SKU-1001,P-BER,S-11,10,EA,seals,A,DE-East,OPEN"
                    .getBytes(StandardCharsets.UTF_8));
            out.println("  + 4 malformed records (truncated JSON, an unreadable time, a bad Avro frame, an "
                    + "impossible date)");
            out.printf("  of the records above, %d were sent a second time (same content and key, %d-%d min later: "
                    + "producers deliver at least once)%n", published.resent(), AtLeastOncePublishing.MIN_DELAY
                    .toMinutes(), AtLeastOncePublishing.MAX_DELAY.toMinutes());
        }
    }

    private static Map<String, List<OperationalEvent>> bySource(List<OperationalEvent> events) {
        Map<String, List<OperationalEvent>> bySource = new TreeMap<>();
        events.forEach(e -> bySource.computeIfAbsent(e.getSource(), k -> new ArrayList<>()).add(e));
        return bySource;
    }

    private static String topicOf(FulcrumPipeline pipeline, String source) {
        return pipeline.sources().sources().stream().filter(s -> s.name().equals(source)).findFirst()
                .flatMap(SourceDefinition::topic)
                .orElseThrow(() -> new IllegalStateException("the demo publishes to source '" + source
                        + "' of config/demo/sources, which is missing or reads a topic pattern"));
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

    private void section(String step, String title) {
        out.printf("%n[%s] %s%n", step, title);
    }
}
