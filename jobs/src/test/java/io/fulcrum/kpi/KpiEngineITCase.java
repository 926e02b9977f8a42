package io.fulcrum.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kpi.BruteForceKpis.Expected;
import io.fulcrum.kpi.BruteForceKpis.WindowKey;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a Flink job on a MiniCluster (parallelism 2): randomised events against the brute force, and a job
 * stopped with a savepoint and resumed against an uninterrupted run.
 */
class KpiEngineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final long OUT_OF_ORDERNESS = 20 * 60_000L;
    private static final Map<String, Queue<Object>> SINKS = new ConcurrentHashMap<>();

    @Test
    void randomEventsInAParallelJobEndWithTheBruteForceValues() throws Exception {
        List<KpiDefinition> kpis = TestEvents.definitions();
        List<OperationalEvent> events = TestEvents.generate(11, 3_000, 16, 0.08, 0.03);

        run("exact", kpis, events, RateLimiterStrategy.noOp(), null).getJobExecutionResult().get();

        List<KpiValue> values = drained("exact-values");
        List<TestEvents.Arrival> arrivals = arrivals(events);
        Map<WindowKey, Expected> expected = BruteForceKpis.compute(kpis, arrivals);
        Map<String, KpiDefinition> byId = kpis.stream().collect(Collectors.toMap(KpiDefinition::id,
                Function.identity()));
        Map<WindowKey, KpiValue> last = assertRevisionsConsecutive(values);
        assertThat(last.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, x) -> KpiEngineHarnessTest.assertValue(byId.get(key.kpiId), last.get(key), x));
        assertThat(last.values().stream().anyMatch(v -> v.getRevision() > 0)).as("some windows were revised").isTrue();
        List<DeadLetter> late = drained("exact-late");
        assertThat(late.stream().map(KpiEngineHarnessTest::decodedEventId).collect(Collectors.toSet()))
                .isEqualTo(BruteForceKpis.lateEventIds(kpis, arrivals)).isNotEmpty();
    }

    @Test
    void aJobStoppedWithASavepointAndResumedEndsWithTheValuesOfAnUninterruptedRun(@TempDir Path savepoints)
            throws Exception {
        List<KpiDefinition> kpis = TestEvents.definitions();
        // Late within the lateness only: watermarks are not part of a savepoint (in Flink generally), so whether an
        // event beyond the lateness is dropped could differ right after the restore; this test is about state.
        List<OperationalEvent> events = TestEvents.generate(12, 2_000, 12, 0.1, 0);

        run("whole", kpis, events, RateLimiterStrategy.noOp(), null).getJobExecutionResult().get();
        Map<WindowKey, KpiValue> uninterrupted = assertRevisionsConsecutive(drained("whole-values"));

        JobClient first = run("stopped", kpis, events, RateLimiterStrategy.perSecond(500), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SINKS.getOrDefault("stopped-values", new ConcurrentLinkedQueue<>()).size() < 100
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        List<KpiValue> beforeStop = drained("stopped-values");
        assertThat(beforeStop.size()).as("values before the stop").isBetween(100, uninterrupted.size() - 1);

        run("resumed", kpis, events, RateLimiterStrategy.noOp(), savepoint).getJobExecutionResult().get();
        List<KpiValue> all = new ArrayList<>(beforeStop);
        all.addAll(drained("resumed-values"));

        Map<WindowKey, KpiValue> resumed = assertRevisionsConsecutive(all);
        assertThat(resumed.keySet()).isEqualTo(uninterrupted.keySet());
        // Same final values; the revision count may differ: the watermark restarts after a restore (it is not part
        // of a savepoint), so a window may fire once instead of fire-then-revise, or the other way round.
        resumed.forEach((key, v) -> assertThat(finalValue(v)).as(key.toString())
                .isEqualTo(finalValue(uninterrupted.get(key))));
        Map<WindowKey, Expected> expected = BruteForceKpis.compute(kpis, arrivals(events));
        Map<String, KpiDefinition> byId = kpis.stream().collect(Collectors.toMap(KpiDefinition::id,
                Function.identity()));
        expected.forEach((key, x) -> KpiEngineHarnessTest.assertValue(byId.get(key.kpiId), resumed.get(key), x));
    }

    private static KpiValue finalValue(KpiValue v) {
        return KpiValue.newBuilder(v).setRevision(0).setComputedAt(java.time.Instant.EPOCH).build();
    }

    /** Starts the engine over {@code events} (in list order, one source), values and late events into queues. */
    private static JobClient run(String name, List<KpiDefinition> kpis, List<OperationalEvent> events,
                                 RateLimiterStrategy rate, String savepoint) throws Exception {
        SINKS.put(name + "-values", new ConcurrentLinkedQueue<>());
        SINKS.put(name + "-late", new ConcurrentLinkedQueue<>());
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        List<OperationalEvent> copy = new ArrayList<>(events);
        GeneratorFunction<Long, OperationalEvent> byIndex = i -> copy.get(i.intValue());
        DataStream<OperationalEvent> source = env.fromSource(
                new DataGeneratorSource<>(byIndex, copy.size(), rate, new AvroTypeInfo<>(OperationalEvent.class)),
                WatermarkStrategy.<OperationalEvent>forGenerator(c -> new WatermarkAfterEachEvent())
                        .withTimestampAssigner((e, t) -> e.getEventTime().toEpochMilli()),
                "events").setParallelism(1).uid("events");
        KpiEngine.Result result = KpiEngine.of(kpis).compute(source);
        result.values().sinkTo(new QueueSink<>(name + "-values")).uid("values-sink");
        result.lateEvents().sinkTo(new QueueSink<>(name + "-late")).uid("late-sink");
        return env.executeAsync(name);
    }

    /** The watermark the splitter saw at each event: bounded out-of-orderness over the events before it. */
    private static List<TestEvents.Arrival> arrivals(List<OperationalEvent> events) {
        List<TestEvents.Arrival> out = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (OperationalEvent e : events) {
            out.add(new TestEvents.Arrival(e, max == Long.MIN_VALUE ? Long.MIN_VALUE : max - OUT_OF_ORDERNESS));
            max = Math.max(max, e.getEventTime().toEpochMilli());
        }
        return out;
    }

    private static Map<WindowKey, KpiValue> assertRevisionsConsecutive(List<KpiValue> values) {
        Map<WindowKey, KpiValue> last = new TreeMap<>();
        for (KpiValue v : values) {
            WindowKey key = KpiEngineHarnessTest.key(v);
            KpiValue previous = last.get(key);
            assertThat(v.getRevision()).as("revision of %s", key)
                    .isEqualTo(previous == null ? 0 : previous.getRevision() + 1);
            last.put(key, v);
        }
        return last;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> drained(String name) {
        return new ArrayList<>((Queue<T>) (Queue<?>) SINKS.get(name));
    }

    /** Bounded out-of-orderness, emitted right after each event so every run sees the same watermarks. */
    private static final class WatermarkAfterEachEvent implements WatermarkGenerator<OperationalEvent> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(OperationalEvent event, long timestamp, WatermarkOutput output) {
            max = Math.max(max, timestamp);
            output.emitWatermark(new Watermark(max - OUT_OF_ORDERNESS));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // all watermarks come from onEvent
        }
    }

    /** Appends to an in-JVM queue: the MiniCluster runs in this JVM. */
    private static final class QueueSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String name;

        QueueSink(String name) {
            this.name = name;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<Object> queue = SINKS.get(name);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    queue.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
