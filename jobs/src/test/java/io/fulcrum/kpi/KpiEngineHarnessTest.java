package io.fulcrum.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kpi.BruteForceKpis.Expected;
import io.fulcrum.kpi.BruteForceKpis.WindowKey;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomised events through the engine's operators in Flink's test harnesses, every emitted value compared with a
 * brute-force recomputation (exact for count/sum/avg/min/max/ratio, within the stated error for the sketches).
 */
class KpiEngineHarnessTest {

    private static final long OUT_OF_ORDERNESS = 20 * 60_000L;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyEmittedValueEqualsBruteForceAndLastRevisionIsExact(long seed) throws Exception {
        List<KpiDefinition> kpis = TestEvents.definitions();
        List<OperationalEvent> events = TestEvents.generate(seed, 2_000, 12, 0.08, 0.03);
        List<KpiEngineDriver.Emitted> emitted;
        List<TestEvents.Arrival> arrivals;
        List<DeadLetter> late;
        try (KpiEngineDriver driver = new KpiEngineDriver(kpis)) {
            feed(driver, events, 0, events.size(), Long.MIN_VALUE);
            driver.watermark(Long.MAX_VALUE);
            assertThat(driver.keysWithState()).as("state left after the last window's lateness").isZero();
            emitted = driver.values();
            arrivals = driver.arrivals();
            late = driver.late();
        }
        assertEngineMatchesBruteForce(kpis, arrivals, emitted, late);
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void restoredFromSnapshotEndsWithTheSameValuesAsAnUninterruptedRun(long seed) throws Exception {
        List<KpiDefinition> kpis = TestEvents.definitions();
        List<OperationalEvent> events = TestEvents.generate(seed, 1_500, 10, 0.08, 0.03);
        Map<WindowKey, KpiValue> uninterrupted;
        try (KpiEngineDriver driver = new KpiEngineDriver(kpis)) {
            feed(driver, events, 0, events.size(), Long.MIN_VALUE);
            driver.watermark(Long.MAX_VALUE);
            uninterrupted = lastRevisions(driver.values());
        }
        try (KpiEngineDriver driver = new KpiEngineDriver(kpis)) {
            long wm = feed(driver, events, 0, 500, Long.MIN_VALUE);
            driver.restartFromSnapshot(1);
            wm = feed(driver, events, 500, 1_000, wm);
            driver.restartFromSnapshot(2);
            feed(driver, events, 1_000, events.size(), wm);
            driver.watermark(Long.MAX_VALUE);
            assertEngineMatchesBruteForce(kpis, driver.arrivals(), driver.values(), driver.late());
            Map<WindowKey, KpiValue> restored = lastRevisions(driver.values());
            assertThat(restored.keySet()).isEqualTo(uninterrupted.keySet());
            restored.forEach((key, v) -> assertThat(withoutComputedAt(v))
                    .as(key.toString()).isEqualTo(withoutComputedAt(uninterrupted.get(key))));
        }
    }

    /** Feeds events [from, to), a bounded-out-of-orderness watermark after every 10th; returns the last watermark. */
    static long feed(KpiEngineDriver driver, List<OperationalEvent> events, int from, int to, long watermark)
            throws Exception {
        long maxSeen = Long.MIN_VALUE;
        for (int i = 0; i < from; i++) {
            maxSeen = Math.max(maxSeen, events.get(i).getEventTime().toEpochMilli());
        }
        for (int i = from; i < to; i++) {
            OperationalEvent e = events.get(i);
            driver.event(e);
            maxSeen = Math.max(maxSeen, e.getEventTime().toEpochMilli());
            if (i % 10 == 9 && maxSeen - OUT_OF_ORDERNESS > watermark) {
                watermark = maxSeen - OUT_OF_ORDERNESS;
                driver.watermark(watermark);
            }
        }
        return watermark;
    }

    static void assertEngineMatchesBruteForce(List<KpiDefinition> kpis, List<TestEvents.Arrival> arrivals,
                                              List<KpiEngineDriver.Emitted> emitted, List<DeadLetter> late) {
        Map<String, KpiDefinition> byId = kpis.stream().collect(Collectors.toMap(KpiDefinition::id,
                Function.identity()));
        Map<Integer, Map<WindowKey, Expected>> byPrefix = new HashMap<>();
        Map<WindowKey, Integer> lastRevision = new TreeMap<>();
        for (KpiEngineDriver.Emitted e : emitted) {
            KpiValue v = e.value;
            WindowKey key = key(v);
            Map<WindowKey, Expected> expected = byPrefix.computeIfAbsent(e.arrivedBefore,
                    n -> BruteForceKpis.compute(kpis, arrivals.subList(0, n)));
            assertThat(expected).as("emitted a window no event counts in: %s", key).containsKey(key);
            assertValue(byId.get(v.getKpiId()), v, expected.get(key));
            int previous = lastRevision.getOrDefault(key, -1);
            assertThat(v.getRevision()).as("revision of %s", key).isEqualTo(previous + 1);
            lastRevision.put(key, v.getRevision());
        }
        Map<WindowKey, Expected> all = BruteForceKpis.compute(kpis, arrivals);
        assertThat(lastRevision.keySet()).as("windows emitted").isEqualTo(all.keySet());
        Map<WindowKey, KpiValue> last = lastRevisions(emitted);
        all.forEach((key, x) -> assertValue(byId.get(key.kpiId), last.get(key), x));
        assertThat(last.values().stream().anyMatch(v -> v.getRevision() > 0)).as("some windows were revised").isTrue();

        Set<String> lateIds = late.stream().map(KpiEngineHarnessTest::decodedEventId).collect(Collectors.toSet());
        assertThat(lateIds).as("dead-lettered late events")
                .isEqualTo(BruteForceKpis.lateEventIds(kpis, arrivals)).isNotEmpty();
        for (DeadLetter d : late) {
            assertThat(d.getReasonMessage()).startsWith("late: event ");
            assertThat(d.getReasonCode()).isEqualTo(io.fulcrum.schema.DeadLetterReason.LATE);
            assertThat(d.getRecordId()).isEqualTo(decodedEventId(d));
            assertThat(StandardCharsets.UTF_8.decode(d.getHeaders().get(0).getValue()).toString()).isEqualTo("late");
        }
    }

    static void assertValue(KpiDefinition k, KpiValue v, Expected x) {
        String what = key(v).toString();
        assertThat(v.getWindowEnd().toEpochMilli()).as(what).isEqualTo(x.end);
        assertThat(v.getSampleCount()).as(what).isEqualTo(x.count());
        Aggregation a = k.aggregation();
        switch (a.type()) {
            case COUNT:
                assertThat(v.getValue()).as(what).isEqualTo((double) x.count());
                break;
            case SUM:
                assertThat(v.getValue()).as(what).isEqualTo(x.sumA());
                break;
            case AVG:
                assertThat(v.getValue()).as(what).isEqualTo(x.sumA() / x.count());
                break;
            case MIN:
                assertThat(v.getValue()).as(what).isEqualTo(x.sortedA()[0]);
                break;
            case MAX:
                assertThat(v.getValue()).as(what).isEqualTo(x.sortedA()[(int) x.count() - 1]);
                break;
            case RATIO:
                assertThat(v.getNumerator()).as(what).isEqualTo(x.sumA());
                assertThat(v.getDenominator()).as(what).isEqualTo(x.sumB());
                assertThat(v.getValue()).as(what).isEqualTo(x.sumB() == 0 ? Double.NaN : x.sumA() / x.sumB());
                break;
            case DISTINCT_COUNT:
                assertThat(Math.abs(v.getValue() - x.distinct())).as(what).isLessThanOrEqualTo(0.02 * x.distinct());
                break;
            case QUANTILE: {
                double[] s = x.sortedA();
                int n = s.length;
                double q = a.quantile();
                int lo = Math.max(0, (int) Math.floor((q - 0.01) * n) - 1);
                int hi = Math.min(n - 1, (int) Math.ceil((q + 0.01) * n));
                assertThat(v.getValue()).as("%s p%s of %s values", what, q, n).isBetween(s[lo], s[hi]);
                break;
            }
            default:
                throw new AssertionError(a.type());
        }
        if (a.type() != Aggregation.Type.RATIO) {
            assertThat(v.getNumerator()).as(what).isNull();
            assertThat(v.getDenominator()).as(what).isNull();
        }
    }

    static WindowKey key(KpiValue v) {
        return new WindowKey(v.getKpiId(), v.getObject().getType(), v.getObject().getId(),
                v.getWindowStart().toEpochMilli());
    }

    static Map<WindowKey, KpiValue> lastRevisions(List<KpiEngineDriver.Emitted> emitted) {
        Map<WindowKey, KpiValue> last = new TreeMap<>();
        for (KpiEngineDriver.Emitted e : emitted) {
            last.merge(key(e.value), e.value, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
        }
        return last;
    }

    static KpiValue withoutComputedAt(KpiValue v) {
        return KpiValue.newBuilder(v).setComputedAt(java.time.Instant.EPOCH).build();
    }

    static String decodedEventId(DeadLetter d) {
        ByteBuffer b = d.getValue().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        try {
            return new SpecificDatumReader<>(OperationalEvent.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, null)).getEventId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
