package io.fulcrum.alert.bench;

import io.fulcrum.alert.AlertConfig;
import io.fulcrum.alert.AlertPolicy;
import io.fulcrum.alert.Direction;
import io.fulcrum.alert.KpiAlerting;
import io.fulcrum.alert.RobustBaselineDetector;
import io.fulcrum.alert.ThresholdDetector;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Latency of the alert operator on a local Flink cluster (parallelism 2, default buffer timeout 100 ms): from the
 * moment a KPI value is emitted (what the KPI engine does when the watermark passes the window's end) to the
 * moment its alert record leaves the alert operator. The Kafka hop to the alert topic is not included (wired by
 * the pipeline). Load: 2,000 objects (-Dbench.objects), one window of all of them every 500 ms for 40 windows, threshold and robust
 * detectors, each object breaching 3 windows in 6 so alerts open and resolve continually.
 */
final class AlertLatency {

    /** Objects per window; {@code -Dbench.objects=N} to change. */
    static final int OBJECTS = Integer.getInteger("bench.objects", 2000);
    static final int WINDOWS = 40;
    static final long TICK_MS = 500;
    static final long HOUR_MS = 3_600_000L;

    /** Same JVM (local cluster): emission times by (object, window start), latencies in ns. */
    static final Map<String, Long> EMITTED = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

    /** Emits one window of every object per tick, like a KPI engine firing its windows. */
    static final class KpiEngineEmulation implements MapFunction<Long, KpiValue> {
        private static final long serialVersionUID = 1L;
        private transient long firstTick;

        @Override
        public KpiValue map(Long n) throws Exception {
            int window = (int) (n / OBJECTS);
            int object = (int) (n % OBJECTS);
            if (object == 0) {
                if (firstTick == 0) {
                    firstTick = System.currentTimeMillis();
                }
                long due = firstTick + window * TICK_MS;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            boolean breach = (window + object) % 6 < 3;
            long start = window * HOUR_MS;
            EMITTED.put(object + "|" + start, System.nanoTime());
            return KpiValue.newBuilder().setKpiId("otif").setObject(new BusinessObjectRef("route", "R-" + object))
                    .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + HOUR_MS))
                    .setValue(breach ? 0.8 : 0.99).setSampleCount(10).setRevision(0)
                    .setComputedAt(Instant.now()).build();
        }
    }

    static void run() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        DataStream<KpiValue> values = env.fromSequence(0, (long) OBJECTS * WINDOWS - 1).setParallelism(1)
                .map(new KpiEngineEmulation()).setParallelism(1).returns(TypeInformation.of(KpiValue.class));
        DataStream<Initiative> initiatives = env.fromSequence(0, 0).filter(x -> false)
                .map(x -> (Initiative) null).returns(TypeInformation.of(Initiative.class));
        DataStream<ImpactEstimate> estimates = env.fromSequence(0, 0).filter(x -> false)
                .map(x -> (ImpactEstimate) null).returns(TypeInformation.of(ImpactEstimate.class));
        AlertConfig config = AlertConfig.builder().policy(AlertPolicy.builder("otif").direction(Direction.HIGHER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(0.95).withCritical(0.9))
                .detector(RobustBaselineDetector.withDefaults()).build()).build();
        KpiAlerting.detect(values, initiatives, estimates, config)
                .map(AlertLatency::record).returns(TypeInformation.of(KpiAlert.class))
                .sinkTo(new DiscardingSink<>());
        long started = System.nanoTime();
        env.execute("alert-latency");
        double wallSeconds = (System.nanoTime() - started) / 1e9;

        List<Long> sorted = new ArrayList<>(LATENCIES);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "Alert operator latency (KPI value emitted -> alert record out), %d alerts from "
                        + "%d KPI values: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sorted.size(), OBJECTS * WINDOWS, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6);
        // Latency here is mostly waiting for a CPU when the machine is shared: print the load to read it against.
        System.out.printf(Locale.ROOT, "  job wall time %.1f s for %.1f s of paced input; load average %s%n",
                wallSeconds, WINDOWS * TICK_MS / 1000.0, loadAverage());
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim()
                    + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static KpiAlert record(KpiAlert alert) {
        Long emitted = EMITTED.get(alert.getObject().getId().substring(2) + "|" + alert.getWindowStart().toEpochMilli());
        LATENCIES.add(System.nanoTime() - emitted);
        return alert;
    }

    private static double ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private AlertLatency() {
    }
}
