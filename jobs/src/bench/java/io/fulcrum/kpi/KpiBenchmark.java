package io.fulcrum.kpi;

import io.fulcrum.pipeline.DuplicateEventFilter;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Events/s of the KPI engine for 20 KPIs over sku, plant and supplier (100k SKUs, 1-hour tumbling windows), side by
 * side with (a) the equivalent Flink SQL job (a statement set, one window-TVF GROUP BY per object type, blackhole
 * sinks) and (b) a hand-written DataStream job with one fixed accumulator class per object type. All read the same
 * in-memory, already-decoded events from a generator source; object reuse is on for all three. Prints rates, ratios
 * and the engine's state bytes per (object, KPI, open window). Each job runs once unmeasured first (JIT warm-up;
 * {@code -Dbench.warmup=false} skips that). Not a test: run with
 * {@code ./mvnw -B -o -pl jobs -am -Pbench verify -DskipTests}.
 */
public final class KpiBenchmark {

    private static final int SKUS = 100_000;
    private static final int PLANTS = 40;
    private static final int SUPPLIERS = 500;
    private static final long HOUR = 3_600_000L;
    private static final Duration DEDUPLICATION_WINDOW = Duration.ofHours(1);
    private static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

    /** The events of the current run; static so the job graph does not carry them (the MiniCluster is in-JVM). */
    static volatile OperationalEvent[] events;

    private KpiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.events", 2_000_000);
        int hours = Integer.getInteger("bench.hours", 10);
        int reps = Integer.getInteger("bench.reps", 3);
        List<KpiDefinition> kpis = KpiDefinitionLoader.withCatalog(MeasureCatalog.builder()
                        .eventType("shipment_delivered", "qty_ordered", "qty_delivered", "lead_time_h").build())
                .load(Path.of(KpiBenchmark.class.getResource("/bench-kpis.yaml").toURI()));
        System.out.printf(Locale.ROOT, "KPI benchmark: %d KPIs, %,d events over %d h, %,d SKUs, %d plants, %d suppliers,"
                + " 1 h tumbling windows, median of %d runs%n", kpis.size(), n, hours, SKUS, PLANTS, SUPPLIERS, reps);
        String jobs = System.getProperty("bench.jobs", "engine,sql,hand-written");
        boolean warmUp = Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));
        for (int p : Arrays.stream(System.getProperty("bench.parallelism", "1,2").split(","))
                .mapToInt(Integer::parseInt).toArray()) {
            events = generate(n, hours, p, jobs.contains("dedup"));
            if (warmUp) {
                // One unmeasured run of each job first: otherwise the job measured first pays alone for the JIT
                // compilation of Flink's runtime and the first MiniCluster start (seen: its first run at ~60%).
                warmUp = false;
                if (jobs.contains("engine")) {
                    runEngine(kpis, p);
                }
                if (jobs.contains("hand-written")) {
                    runHandWritten(p);
                }
                if (jobs.contains("sql")) {
                    runSql(p);
                }
                if (jobs.contains("dedup")) {
                    runDeduplicatedEngine(kpis, p);
                }
            }
            // Runs interleaved (engine, hand-written, SQL, engine, ...) so that the machine's drift during the
            // benchmark hits all jobs alike, instead of the job measured first or last.
            Map<String, ThrowingRun> measured = new LinkedHashMap<>();
            if (jobs.contains("engine")) {
                measured.put("engine", () -> runEngine(kpis, p));
            }
            if (jobs.contains("hand-written")) {
                measured.put("hand-written", () -> runHandWritten(p));
            }
            if (jobs.contains("sql")) {
                measured.put("Flink SQL", () -> runSql(p));
            }
            if (jobs.contains("dedup")) {
                measured.put("engine + deduplication", () -> runDeduplicatedEngine(kpis, p));
            }
            Map<String, Double> rates = measure(measured, p, reps);
            double engine = rates.getOrDefault("engine", Double.NaN);
            double hand = rates.getOrDefault("hand-written", Double.NaN);
            double sql = rates.getOrDefault("Flink SQL", Double.NaN);
            System.out.printf(Locale.ROOT, "parallelism %d: engine %,.0f ev/s | Flink SQL %,.0f ev/s | hand-written %,.0f"
                    + " ev/s | engine/SQL %.2fx (goal >= 2) | engine/hand-written %.0f%% (goal >= 80%%)%n",
                    p, engine, sql, hand, engine / sql, 100 * engine / hand);
            if (rates.containsKey("engine + deduplication")) {
                System.out.printf(Locale.ROOT, "parallelism %d: engine with job.deduplicationWindow %s (every event id"
                        + " distinct) %,.0f ev/s = %.0f%% of the engine alone%n", p, DEDUPLICATION_WINDOW,
                        rates.get("engine + deduplication"), 100 * rates.get("engine + deduplication") / engine);
            }
        }
        events = null;
        if (!Boolean.getBoolean("bench.skipState")) {
            stateBytes(kpis, hours);
        }
    }

    /**
     * Runs each job {@code reps} times, interleaved, and returns its median rate in events/s. Also prints the median CPU
     * time the whole JVM spent per event during a job's runs (job deployment included): on a machine shared with other
     * work the rate varies with the load, the CPU time much less. The heap is collected before every run, so that no
     * run pays for the garbage of the one before (or of the previous parallelism's events).
     */
    private static Map<String, Double> measure(Map<String, ThrowingRun> jobs, int p, int reps) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, double[]> rates = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        jobs.keySet().forEach(job -> {
            rates.put(job, new double[reps]);
            cpu.put(job, new double[reps]);
        });
        for (int i = 0; i < reps; i++) {
            for (Map.Entry<String, ThrowingRun> job : jobs.entrySet()) {
                System.gc();
                long cpuBefore = os.getProcessCpuTime();
                rates.get(job.getKey())[i] = events.length / (job.getValue().netRuntimeMillis() / 1000.0);
                cpu.get(job.getKey())[i] = (os.getProcessCpuTime() - cpuBefore) / 1000.0 / events.length;
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String job : jobs.keySet()) {
            double[] r = rates.get(job);
            double[] c = cpu.get(job);
            System.out.printf(Locale.ROOT, "  p=%d %s: runs %s ev/s, median CPU %.2f us/event%n", p, job,
                    Arrays.toString(Arrays.stream(r).mapToLong(Math::round).toArray()), median(c));
            medians.put(job, median(r));
        }
        return medians;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private interface ThrowingRun {
        long netRuntimeMillis() throws Exception;
    }

    /** {@link #generate(int, int, int, boolean)} with every event id "bench". */
    static OperationalEvent[] generate(int n, int hours, int p) {
        return generate(n, hours, p, false);
    }

    /**
     * Deliveries naming a SKU (primary), its plant and its supplier. Timestamps rise within each of the {@code p}
     * source splits (the generator source gives each reader a contiguous index range), so every reader replays the
     * same hours and the watermark advances evenly. With {@code distinctIds}, event {@code i} has id {@code e<i>}
     * (for the deduplication run); else every id is "bench".
     */
    static OperationalEvent[] generate(int n, int hours, int p, boolean distinctIds) {
        Random r = new Random(42);
        List<List<BusinessObjectRef>> related = new ArrayList<>();
        BusinessObjectRef[] skus = new BusinessObjectRef[SKUS];
        for (int i = 0; i < SKUS; i++) {
            skus[i] = new BusinessObjectRef("sku", "SKU-" + i);
            related.add(List.of(new BusinessObjectRef("plant", "P" + r.nextInt(PLANTS)),
                    new BusinessObjectRef("supplier", "S" + r.nextInt(SUPPLIERS))));
        }
        List<Map<String, String>> attributes = new ArrayList<>();
        for (String carrier : List.of("A", "B", "C", "D")) {
            for (boolean onTime : new boolean[] {true, false}) {
                for (boolean inFull : new boolean[] {true, false}) {
                    attributes.add(Map.of("carrier", carrier, "on_time", String.valueOf(onTime),
                            "in_full", String.valueOf(inFull)));
                }
            }
        }
        List<Map<String, Double>> measures = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            double ordered = 1 + r.nextInt(100);
            Map<String, Double> m = new HashMap<>();
            m.put("qty_ordered", ordered);
            m.put("qty_delivered", r.nextDouble() < 0.8 ? ordered : r.nextInt((int) ordered + 1));
            m.put("lead_time_h", r.nextInt(400) / 4.0);
            measures.add(m);
        }
        OperationalEvent[] out = new OperationalEvent[n];
        int perSplit = (n + p - 1) / p;
        long span = hours * HOUR;
        for (int i = 0; i < n; i++) {
            int sku = r.nextInt(SKUS);
            Instant t = Instant.ofEpochMilli(START + span * (i % perSplit) / perSplit);
            out[i] = OperationalEvent.newBuilder().setEventId(distinctIds ? "e" + i : "bench").setSource("bench")
                    .setEventType("shipment_delivered").setEventTime(t).setIngestionTime(t)
                    .setObject(skus[sku]).setRelatedObjects(related.get(sku))
                    .setMeasures(measures.get(r.nextInt(measures.size())))
                    .setAttributes(attributes.get(r.nextInt(attributes.size()))).build();
        }
        return out;
    }

    private static StreamExecutionEnvironment environment(int p) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(p);
        env.getConfig().enableObjectReuse();
        return env;
    }

    private static DataStream<OperationalEvent> source(StreamExecutionEnvironment env) {
        GeneratorFunction<Long, OperationalEvent> byIndex = i -> events[i.intValue()];
        return env.fromSource(new DataGeneratorSource<>(byIndex, events.length, RateLimiterStrategy.noOp(),
                        new AvroTypeInfo<>(OperationalEvent.class)),
                WatermarkStrategy.<OperationalEvent>forMonotonousTimestamps()
                        .withTimestampAssigner((e, t) -> e.getEventTime().toEpochMilli()), "events");
    }

    /**
     * The engine behind the opt-in {@link DuplicateEventFilter} ({@code -Dbench.jobs=...,dedup}): what turning on
     * {@code job.deduplicationWindow} costs. Every event id is distinct, so the filter keeps all events and remembers
     * an hour of ids (200k at the default sizes).
     */
    private static long runDeduplicatedEngine(List<KpiDefinition> kpis, int p) throws Exception {
        StreamExecutionEnvironment env = environment(p);
        KpiEngine.Result result = KpiEngine.of(kpis).compute(
                DuplicateEventFilter.apply(source(env), DEDUPLICATION_WINDOW));
        result.values().sinkTo(new DiscardingSink<>());
        result.lateEvents().sinkTo(new DiscardingSink<>());
        return env.execute("engine + deduplication").getNetRuntime();
    }

    private static long runEngine(List<KpiDefinition> kpis, int p) throws Exception {
        StreamExecutionEnvironment env = environment(p);
        KpiEngine.Result result = KpiEngine.of(kpis).compute(source(env));
        result.values().sinkTo(new DiscardingSink<>());
        result.lateEvents().sinkTo(new DiscardingSink<>());
        return env.execute("engine").getNetRuntime();
    }

    // ---- (b) hand-written DataStream job ----

    /** What each object type's accumulator reads from a delivery. */
    public static final class Delivery {
        public String key;
        public double ordered;
        public double delivered;
        public double leadTime;
        public boolean onTime;
        public boolean inFull;
        public boolean carrierA;

        static Delivery of(String key, OperationalEvent e) {
            Delivery d = new Delivery();
            d.key = key;
            Map<String, Double> m = e.getMeasures();
            d.ordered = m.get("qty_ordered");
            d.delivered = m.get("qty_delivered");
            d.leadTime = m.get("lead_time_h");
            Map<String, String> a = e.getAttributes();
            d.onTime = "true".equals(a.get("on_time"));
            d.inFull = "true".equals(a.get("in_full"));
            d.carrierA = "A".equals(a.get("carrier"));
            return d;
        }
    }

    /** The 8 SKU KPIs. */
    public static final class SkuAccumulator {
        public long count;
        public double delivered;
        public double ordered;
        public long otif;
        public double leadTime;
        public double leadTimeMax = Double.NEGATIVE_INFINITY;
        public long carrierA;
    }

    /** The 6 plant KPIs. */
    public static final class PlantAccumulator {
        public long count;
        public double delivered;
        public double leadTime;
        public double leadTimeMin = Double.POSITIVE_INFINITY;
        public double leadTimeMax = Double.NEGATIVE_INFINITY;
        public long otif;
    }

    /** The 6 supplier KPIs. */
    public static final class SupplierAccumulator {
        public long count;
        public double delivered;
        public double ordered;
        public double leadTime;
        public long onTime;
        public long late;
    }

    private static final class SkuAggregate implements AggregateFunction<Delivery, SkuAccumulator, double[]> {
        @Override
        public SkuAccumulator createAccumulator() {
            return new SkuAccumulator();
        }

        @Override
        public SkuAccumulator add(Delivery d, SkuAccumulator a) {
            a.count++;
            a.delivered += d.delivered;
            a.ordered += d.ordered;
            a.otif += d.onTime && d.inFull ? 1 : 0;
            a.leadTime += d.leadTime;
            a.leadTimeMax = Math.max(a.leadTimeMax, d.leadTime);
            a.carrierA += d.carrierA ? 1 : 0;
            return a;
        }

        @Override
        public double[] getResult(SkuAccumulator a) {
            return new double[] {a.count, a.delivered, a.ordered, a.delivered / a.ordered, (double) a.otif / a.count,
                a.leadTime / a.count, a.leadTimeMax, a.carrierA};
        }

        @Override
        public SkuAccumulator merge(SkuAccumulator a, SkuAccumulator b) {
            throw new UnsupportedOperationException("tumbling windows do not merge");
        }
    }

    private static final class PlantAggregate implements AggregateFunction<Delivery, PlantAccumulator, double[]> {
        @Override
        public PlantAccumulator createAccumulator() {
            return new PlantAccumulator();
        }

        @Override
        public PlantAccumulator add(Delivery d, PlantAccumulator a) {
            a.count++;
            a.delivered += d.delivered;
            a.leadTime += d.leadTime;
            a.leadTimeMin = Math.min(a.leadTimeMin, d.leadTime);
            a.leadTimeMax = Math.max(a.leadTimeMax, d.leadTime);
            a.otif += d.onTime && d.inFull ? 1 : 0;
            return a;
        }

        @Override
        public double[] getResult(PlantAccumulator a) {
            return new double[] {a.count, a.delivered, a.leadTime / a.count, a.leadTimeMin, a.leadTimeMax,
                (double) a.otif / a.count};
        }

        @Override
        public PlantAccumulator merge(PlantAccumulator a, PlantAccumulator b) {
            throw new UnsupportedOperationException("tumbling windows do not merge");
        }
    }

    private static final class SupplierAggregate
            implements AggregateFunction<Delivery, SupplierAccumulator, double[]> {
        @Override
        public SupplierAccumulator createAccumulator() {
            return new SupplierAccumulator();
        }

        @Override
        public SupplierAccumulator add(Delivery d, SupplierAccumulator a) {
            a.count++;
            a.delivered += d.delivered;
            a.ordered += d.ordered;
            a.leadTime += d.leadTime;
            a.onTime += d.onTime ? 1 : 0;
            a.late += d.onTime ? 0 : 1;
            return a;
        }

        @Override
        public double[] getResult(SupplierAccumulator a) {
            return new double[] {a.count, a.delivered / a.ordered, a.leadTime / a.count, (double) a.onTime / a.count,
                a.ordered, a.late};
        }

        @Override
        public SupplierAccumulator merge(SupplierAccumulator a, SupplierAccumulator b) {
            throw new UnsupportedOperationException("tumbling windows do not merge");
        }
    }

    /** Emits one row per object and window: key, window start, the KPI values. */
    private static final class WindowRow extends ProcessWindowFunction<double[], Tuple3Row, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<double[]> values, Collector<Tuple3Row> out) {
            Tuple3Row row = new Tuple3Row();
            row.key = key;
            row.windowStart = ctx.window().getStart();
            row.values = values.iterator().next();
            out.collect(row);
        }
    }

    /** A hand-written job's output row. */
    public static final class Tuple3Row {
        public String key;
        public long windowStart;
        public double[] values;
    }

    private static long runHandWritten(int p) throws Exception {
        StreamExecutionEnvironment env = environment(p);
        DataStream<OperationalEvent> events = source(env);
        TumblingEventTimeWindows hour = TumblingEventTimeWindows.of(Duration.ofHours(1));
        events.map(e -> Delivery.of(e.getObject().getId(), e)).returns(Delivery.class)
                .keyBy(d -> d.key).window(hour).aggregate(new SkuAggregate(), new WindowRow())
                .sinkTo(new DiscardingSink<>());
        events.map(e -> Delivery.of(e.getRelatedObjects().get(0).getId(), e)).returns(Delivery.class)
                .keyBy(d -> d.key).window(hour).aggregate(new PlantAggregate(), new WindowRow())
                .sinkTo(new DiscardingSink<>());
        events.map(e -> Delivery.of(e.getRelatedObjects().get(1).getId(), e)).returns(Delivery.class)
                .keyBy(d -> d.key).window(hour).aggregate(new SupplierAggregate(), new WindowRow())
                .sinkTo(new DiscardingSink<>());
        return env.execute("hand-written").getNetRuntime();
    }

    // ---- (a) Flink SQL job ----

    private static long runSql(int p) throws Exception {
        StreamExecutionEnvironment env = environment(p);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        TypeInformation<Row> rowType = Types.ROW_NAMED(
                new String[] {"sku", "plant", "supplier", "carrier", "on_time", "in_full", "qty_ordered",
                    "qty_delivered", "lead_time_h"},
                Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.DOUBLE,
                Types.DOUBLE, Types.DOUBLE);
        DataStream<Row> rows = source(env).map(e -> Row.of(e.getObject().getId(),
                e.getRelatedObjects().get(0).getId(), e.getRelatedObjects().get(1).getId(),
                e.getAttributes().get("carrier"), e.getAttributes().get("on_time"), e.getAttributes().get("in_full"),
                e.getMeasures().get("qty_ordered"), e.getMeasures().get("qty_delivered"),
                e.getMeasures().get("lead_time_h"))).returns(rowType);
        Table table = tEnv.fromDataStream(rows, Schema.newBuilder()
                .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                .watermark("rowtime", "SOURCE_WATERMARK()").build());
        tEnv.createTemporaryView("events", table);
        tEnv.executeSql("CREATE TEMPORARY TABLE sku_kpis (sku STRING, ws TIMESTAMP(3), deliveries BIGINT,"
                + " delivered DOUBLE, ordered DOUBLE, fill_rate DOUBLE, otif DOUBLE, lead_avg DOUBLE, lead_max DOUBLE,"
                + " carrier_a BIGINT) WITH ('connector' = 'blackhole')");
        tEnv.executeSql("CREATE TEMPORARY TABLE plant_kpis (plant STRING, ws TIMESTAMP(3), deliveries BIGINT,"
                + " delivered DOUBLE, lead_avg DOUBLE, lead_min DOUBLE, lead_max DOUBLE, otif DOUBLE)"
                + " WITH ('connector' = 'blackhole')");
        tEnv.executeSql("CREATE TEMPORARY TABLE supplier_kpis (supplier STRING, ws TIMESTAMP(3), deliveries BIGINT,"
                + " fill_rate DOUBLE, lead_avg DOUBLE, on_time DOUBLE, ordered DOUBLE, late BIGINT)"
                + " WITH ('connector' = 'blackhole')");
        String window = " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))";
        String otif = "CASE WHEN on_time = 'true' AND in_full = 'true' THEN 1.0 ELSE 0.0 END";
        StatementSet set = tEnv.createStatementSet();
        set.addInsertSql("INSERT INTO sku_kpis SELECT sku, window_start, COUNT(*), SUM(qty_delivered),"
                + " SUM(qty_ordered), SUM(qty_delivered) / SUM(qty_ordered), AVG(" + otif + "), AVG(lead_time_h),"
                + " MAX(lead_time_h), COUNT(*) FILTER (WHERE carrier = 'A')" + window
                + " GROUP BY sku, window_start, window_end");
        set.addInsertSql("INSERT INTO plant_kpis SELECT plant, window_start, COUNT(*), SUM(qty_delivered),"
                + " AVG(lead_time_h), MIN(lead_time_h), MAX(lead_time_h), AVG(" + otif + ")" + window
                + " GROUP BY plant, window_start, window_end");
        set.addInsertSql("INSERT INTO supplier_kpis SELECT supplier, window_start, COUNT(*),"
                + " SUM(qty_delivered) / SUM(qty_ordered), AVG(lead_time_h),"
                + " AVG(CASE WHEN on_time = 'true' THEN 1.0 ELSE 0.0 END), SUM(qty_ordered),"
                + " COUNT(*) FILTER (WHERE on_time = 'false')" + window
                + " GROUP BY supplier, window_start, window_end");
        JobExecutionResult result = set.execute().getJobClient().orElseThrow().getJobExecutionResult().get();
        return result.getNetRuntime();
    }

    // ---- state size ----

    /** Checkpointed bytes of the engine's keyed state per (object, KPI, open window), and of the hand-written job. */
    private static void stateBytes(List<KpiDefinition> kpis, int hours) throws Exception {
        OperationalEvent[] oneHour = generate(200_000 * hours, hours, 1);
        long windows;
        long bytes;
        try (KpiEngineDriver driver = new KpiEngineDriver(kpis)) {
            List<TestEvents.Arrival> arrivals = new ArrayList<>();
            // 10k events: the test harness checkpoints to memory, capped at 5 MiB.
            for (OperationalEvent e : Arrays.copyOf(oneHour, 10_000)) {
                if (e.getEventTime().toEpochMilli() >= START + HOUR) {
                    break;
                }
                driver.event(e);
                arrivals.add(new TestEvents.Arrival(e, Long.MIN_VALUE));
            }
            windows = BruteForceKpis.compute(kpis, arrivals).size();
            bytes = driver.snapshotStateBytes();
        }
        TypeSerializer<SkuAccumulator> pojo = TypeInformation.of(SkuAccumulator.class)
                .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(128);
        pojo.serialize(new SkuAccumulator(), out);
        System.out.printf(Locale.ROOT, "state: engine %,d bytes for %,d (object, KPI, open window) = %.1f bytes each,"
                        + " key and window included; hand-written SKU accumulator %d bytes / 8 KPIs = %.1f bytes"
                        + " each, key and window not included%n",
                bytes, windows, (double) bytes / windows, out.length(), out.length() / 8.0);
    }

}
