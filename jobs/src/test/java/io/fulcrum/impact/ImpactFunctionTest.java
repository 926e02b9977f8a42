package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ExpectedDirection;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactScope;
import io.fulcrum.schema.ImpactVerdict;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeScope;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiTarget;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.ObjectSelector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** The streaming impact engine in Flink's keyed two-input operator harness (no I/O besides the Prop 99 file). */
class ImpactFunctionTest {

    private static final String KPI = "packs_per_capita";
    private static final ImpactOptions OPTIONS = ImpactOptions.defaults();

    private static KeyedTwoInputStreamOperatorTestHarness<String, KpiValue,
            Tuple2<String, Either<Initiative, ObjectAttributes>>, ImpactEstimate> harness(OperatorSubtaskState restored)
            throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, KpiValue, Tuple2<String, Either<Initiative, ObjectAttributes>>,
                ImpactEstimate> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new ImpactFunction(OPTIONS, 100)),
                        KpiValue::getKpiId, routed -> routed.f0, Types.STRING);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static long year(long y) {
        return LocalDate.of((int) y, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static KpiValue value(String type, String object, long period, double v, int revision) {
        return KpiValue.newBuilder().setKpiId(KPI).setObject(new BusinessObjectRef(type, object))
                .setWindowStart(Instant.ofEpochMilli(year(period))).setWindowEnd(Instant.ofEpochMilli(year(period + 1)))
                .setValue(v).setSampleCount(1).setRevision(revision).setComputedAt(Instant.EPOCH).build();
    }

    private static Initiative.Builder initiative(String id, String type, List<String> treated, long startYear) {
        return Initiative.newBuilder().setInitiativeId(id).setTitle(id).setOwner("ops").setStatus(InitiativeStatus.ACTIVE)
                .setTargetKpis(List.of(new KpiTarget(KPI, ExpectedDirection.DECREASE, null)))
                .setScope(new InitiativeScope(treated.stream().map(o -> new BusinessObjectRef(type, o)).toList(),
                        List.of()))
                .setStartTime(Instant.ofEpochMilli(year(startYear))).setEndTime(null).setRampUpMillis(null)
                .setControlObjects(List.of()).setUpdatedAt(Instant.ofEpochMilli(1000));
    }

    private static void send(KeyedTwoInputStreamOperatorTestHarness<String, KpiValue,
            Tuple2<String, Either<Initiative, ObjectAttributes>>, ImpactEstimate> h, Initiative i) throws Exception {
        h.processElement2(new StreamRecord<>(Tuple2.of(KPI, Either.Left(i))));
    }

    private static void send(KeyedTwoInputStreamOperatorTestHarness<String, KpiValue,
            Tuple2<String, Either<Initiative, ObjectAttributes>>, ImpactEstimate> h, String type, String object,
            Map<String, String> attributes) throws Exception {
        h.processElement2(new StreamRecord<>(Tuple2.of(KPI, Either.Right(
                new ObjectAttributes(new BusinessObjectRef(type, object), attributes, 0)))));
    }

    /** The latest revision per (initiative, scope, object, method). */
    private static Map<String, ImpactEstimate> latest(List<ImpactEstimate> out) {
        return out.stream().collect(Collectors.toMap(
                e -> e.getInitiativeId() + "/" + e.getScope() + "/" + (e.getObject() == null ? "" : e.getObject().getId())
                        + "/" + e.getMethod(),
                Function.identity(), (a, b) -> b.getRevision() > a.getRevision() ? b : a));
    }

    /** Prop 99 as KPI values in a shuffled order, some first sent wrong and corrected by a later revision. */
    private static List<KpiValue> prop99Values() {
        Panel panel = Prop99.panel();
        List<KpiValue> values = new ArrayList<>();
        for (int o = 0; o < panel.objectCount(); o++) {
            for (int p = 0; p < panel.periodCount(); p++) {
                String state = panel.objects().get(o);
                double v = panel.value(o, p);
                if ((o + p) % 7 == 0) {
                    values.add(value("state", state, panel.period(p), v + 50, 0)); // corrected below
                }
                values.add(value("state", state, panel.period(p), v, (o + p) % 7 == 0 ? 1 : 0));
            }
        }
        Collections.shuffle(values, new Random(7));
        // Keep every correction after its wrong first revision, then replay a stale revision 0 that must be ignored.
        values.sort((a, b) -> Integer.compare(a.getRevision(), b.getRevision()));
        KpiValue first = values.stream().filter(v -> v.getRevision() == 1).findFirst().orElseThrow();
        values.add(value("state", first.getObject().getId(), LocalDate.ofInstant(first.getWindowStart(),
                ZoneOffset.UTC).getYear(), -1000, 0));
        return values;
    }

    @Test
    void prop99FedAsKpiValuesGivesTheBatchEstimates() throws Exception {
        ImpactReport batch = ImpactAnalysis.with(OPTIONS).analyse(Prop99.panel(), Prop99.design());
        try (var h = harness(null)) {
            send(h, initiative("prop99", "state", List.of("California"), Prop99.START).build());
            for (KpiValue v : prop99Values()) {
                h.processElement1(new StreamRecord<>(v, v.getWindowEnd().toEpochMilli()));
            }
            h.processBothWatermarks(new Watermark(year(2001)));
            Map<String, ImpactEstimate> latest = latest(h.extractOutputValues());
            assertThat(latest).hasSize(4); // one treated object: OBJECT scope only, one estimate per method
            for (Estimate b : batch.estimates()) {
                ImpactEstimate s = latest.values().stream()
                        .filter(e -> e.getMethod().name().startsWith(b.method() == ImpactMethod.PRE_POST_WELCH
                                ? "PRE_POST" : b.method() == ImpactMethod.SYNTHETIC_DID
                                        ? "SYNTHETIC_DIFFERENCE" : b.method().name()))
                        .findFirst().orElseThrow();
                assertThat(s.getScope()).isEqualTo(ImpactScope.OBJECT);
                assertThat(s.getObject()).isEqualTo(new BusinessObjectRef("state", "California"));
                assertThat(s.getAbsoluteEffect()).as(b.method().name()).isEqualTo(b.effect());
                assertThat(s.getIntervalLower()).isEqualTo(b.lower());
                assertThat(s.getIntervalUpper()).isEqualTo(b.upper());
                assertThat(s.getPValue()).isEqualTo(b.pValue());
                assertThat(s.getCumulativeEffect()).isEqualTo(b.cumulativeEffect());
                assertThat(s.getPreSampleSize()).isEqualTo(19);
                assertThat(s.getPostSampleSize()).isEqualTo(12);
                assertThat(s.getControlCount()).isEqualTo(b.controls());
                assertThat(s.getPreMean()).isEqualTo(batch.treatedPreMean());
                assertThat(s.getShiftTime()).isEqualTo(Instant.ofEpochMilli(year(1989)));
                assertThat(s.getWithdrawn()).isFalse();
            }
            assertThat(latest.values()).extracting(ImpactEstimate::getVerdict).contains(ImpactVerdict.IMPROVED); // pre/post
        }
    }

    /** A small panel: 8 objects of type lane, 14 yearly windows 2006-2019, start 2015; lane-0 gains 5. */
    private static List<KpiValue> lanes() {
        List<KpiValue> values = new ArrayList<>();
        Random random = new Random(3);
        for (int o = 0; o < 8; o++) {
            for (int y = 2006; y < 2020; y++) {
                values.add(value("lane", "lane-" + o, y, 10 + o + random.nextGaussian() + (o == 0 && y >= 2015 ? 5 : 0),
                        0));
            }
        }
        return values;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, KpiValue,
            Tuple2<String, Either<Initiative, ObjectAttributes>>, ImpactEstimate> h, List<KpiValue> values)
            throws Exception {
        for (KpiValue v : values) {
            h.processElement1(new StreamRecord<>(v, v.getWindowEnd().toEpochMilli()));
        }
    }

    @Test
    void updateReplacesCancellationWithdrawsAndStaleVersionsAreIgnoredAcrossARestore() throws Exception {
        Initiative v1 = initiative("carrier-b", "lane", List.of("lane-0", "lane-1"), 2015).build();
        OperatorSubtaskState snapshot;
        List<ImpactEstimate> first;
        try (var h = harness(null)) {
            send(h, v1);
            feed(h, lanes());
            h.processBothWatermarks(new Watermark(year(2020)));
            first = h.extractOutputValues();
            snapshot = h.snapshot(1, 1);
        }
        // Two treated objects: the group and each object, 4 methods each; revision 0.
        assertThat(first).hasSize(12).allSatisfy(e -> assertThat(e.getRevision()).isZero());
        assertThat(first).filteredOn(e -> e.getScope() == ImpactScope.TREATED_GROUP).hasSize(4);
        assertThat(first).allSatisfy(e -> assertThat(e.getControlCount()).isIn(0, 6));

        try (var h = harness(snapshot)) {
            // Update: lane-1 leaves the scope, ramp-up of one year. lane-1's and the group's estimates are withdrawn.
            Initiative v2 = Initiative.newBuilder(v1).setScope(new InitiativeScope(
                    List.of(new BusinessObjectRef("lane", "lane-0")), List.of())).setRampUpMillis(year(2016) - year(2015))
                    .setUpdatedAt(Instant.ofEpochMilli(2000)).build();
            send(h, v2);
            send(h, v1); // the older version, late: ignored
            h.processBothWatermarks(new Watermark(year(2020) + 1));
            List<ImpactEstimate> second = h.extractOutputValues();
            assertThat(second).filteredOn(ImpactEstimate::getWithdrawn).hasSize(8)
                    .allSatisfy(e -> assertThat(e.getRevision()).isEqualTo(1))
                    .noneMatch(e -> e.getScope() == ImpactScope.OBJECT && e.getObject().getId().equals("lane-0"));
            List<ImpactEstimate> current = second.stream().filter(e -> !e.getWithdrawn()).toList();
            assertThat(current).hasSize(4).allSatisfy(e -> {
                assertThat(e.getObject().getId()).isEqualTo("lane-0");
                assertThat(e.getRevision()).isEqualTo(1);
                assertThat(e.getPostSampleSize()).isEqualTo(4); // 2016-2019: 2015 is ramp-up
                assertThat(e.getPreSampleSize()).isEqualTo(9);
                assertThat(e.getVerdict()).isNotEqualTo(ImpactVerdict.INSUFFICIENT_DATA);
            });
            // lane-1 is no longer treated, so it is a control again: 7 controls.
            assertThat(current).filteredOn(e -> e.getControlCount() > 0)
                    .allSatisfy(e -> assertThat(e.getControlCount()).isEqualTo(7));

            Initiative cancelled = Initiative.newBuilder(v2).setStatus(InitiativeStatus.CANCELLED)
                    .setUpdatedAt(Instant.ofEpochMilli(3000)).build();
            send(h, cancelled);
            List<ImpactEstimate> afterCancel = h.extractOutputValues().subList(second.size(), h.extractOutputValues().size());
            assertThat(afterCancel).hasSize(4).allSatisfy(e -> {
                assertThat(e.getWithdrawn()).isTrue();
                assertThat(e.getRevision()).isEqualTo(2);
                assertThat(e.getObject().getId()).isEqualTo("lane-0");
            });
            // Further values estimate nothing for a cancelled initiative.
            h.processElement1(new StreamRecord<>(value("lane", "lane-3", 2019, 99, 1), year(2020)));
            h.processBothWatermarks(new Watermark(year(2021)));
            assertThat(h.extractOutputValues()).hasSize(second.size() + 4);
        }
    }

    @Test
    void overlappingInitiativesOnTheKpiKeepEachOthersObjectsOutOfTheControlPool() throws Exception {
        try (var h = harness(null)) {
            send(h, initiative("a", "lane", List.of("lane-0"), 2015).build());
            send(h, initiative("b", "lane", List.of("lane-1", "lane-2"), 2014).build());
            // c ended before a started: its object stays a control for a.
            send(h, initiative("c", "lane", List.of("lane-3"), 2011).setEndTime(Instant.ofEpochMilli(year(2013))).build());
            feed(h, lanes());
            h.processBothWatermarks(new Watermark(year(2020)));
            Map<String, ImpactEstimate> latest = latest(h.extractOutputValues());
            // a: 8 lanes - lane-0 - lane-1 - lane-2 = 5 controls (lane-3 included).
            assertThat(latest.get("a/OBJECT/lane-0/DIFFERENCE_IN_DIFFERENCES").getControlCount()).isEqualTo(5);
            // b: a overlaps (lane-0 out), c ended 2013 before b's 2014 start (lane-3 stays): 8 - 3 = 5.
            assertThat(latest.get("b/TREATED_GROUP//DIFFERENCE_IN_DIFFERENCES").getControlCount()).isEqualTo(5);
            // c: a and b start after c's end: no overlap, 8 - lane-3 = 7 controls; 5 pre-periods (2006-2010) are
            // fewer than the default 8: insufficient data.
            ImpactEstimate c = latest.get("c/OBJECT/lane-3/DIFFERENCE_IN_DIFFERENCES");
            assertThat(c.getControlCount()).isEqualTo(7);
            assertThat(c.getVerdict()).isEqualTo(ImpactVerdict.INSUFFICIENT_DATA);
            assertThat(c.getPreSampleSize()).isEqualTo(5);

            // Cancelling b withdraws its estimates and gives its objects back to a's control pool.
            send(h, initiative("b", "lane", List.of("lane-1", "lane-2"), 2014).setStatus(InitiativeStatus.CANCELLED)
                    .setUpdatedAt(Instant.ofEpochMilli(2000)).build());
            h.processBothWatermarks(new Watermark(year(2020) + 1));
            Map<String, ImpactEstimate> after = latest(h.extractOutputValues());
            assertThat(after.get("b/TREATED_GROUP//DIFFERENCE_IN_DIFFERENCES").getWithdrawn()).isTrue();
            assertThat(after.get("a/OBJECT/lane-0/DIFFERENCE_IN_DIFFERENCES").getControlCount()).isEqualTo(7);
            assertThat(after.get("a/OBJECT/lane-0/DIFFERENCE_IN_DIFFERENCES").getRevision()).isEqualTo(1);
        }
    }

    /** An initiative whose scope is a selector with attribute conditions instead of a list of lanes. */
    private static Initiative.Builder selecting(String id, Map<String, String> conditions, long startYear) {
        return initiative(id, "lane", List.of(), startYear).setScope(new InitiativeScope(List.of(),
                List.of(new ObjectSelector("lane", conditions))));
    }

    @Test
    void aSelectorTreatsTheObjectsWhoseCurrentAttributesMatchAndFollowsTheirChanges() throws Exception {
        Map<String, ImpactEstimate> explicit;
        try (var h = harness(null)) {
            send(h, initiative("rail", "lane", List.of("lane-0", "lane-2"), 2015).build());
            feed(h, lanes());
            h.processBothWatermarks(new Watermark(year(2020)));
            explicit = latest(h.extractOutputValues());
        }
        try (var h = harness(null)) {
            send(h, selecting("rail", Map.of("mode", "rail", "region", "north"), 2015).build());
            for (int o = 0; o < 8; o++) {
                // lane-0 and lane-2 match; lane-4 is rail but south; lane-6 has no region at all.
                send(h, "lane", "lane-" + o, o == 6 ? Map.of("mode", "rail") : Map.of("mode", o % 4 == 0 || o == 2
                        ? "rail" : "road", "region", o == 4 ? "south" : "north"));
            }
            feed(h, lanes());
            h.processBothWatermarks(new Watermark(year(2020)));
            Map<String, ImpactEstimate> selected = latest(h.extractOutputValues());
            // The same treated lanes as the explicit scope: the same estimates, revision for revision.
            assertThat(selected.keySet()).isEqualTo(explicit.keySet());
            selected.forEach((key, e) -> assertThat(e.getAbsoluteEffect()).as(key)
                    .isEqualTo(explicit.get(key).getAbsoluteEffect()));
            assertThat(selected.get("rail/TREATED_GROUP//DIFFERENCE_IN_DIFFERENCES").getControlCount()).isEqualTo(6);

            // lane-2 moves to the south: it leaves the selector, its estimates are withdrawn and it becomes a control.
            send(h, "lane", "lane-2", Map.of("mode", "rail", "region", "south"));
            h.processBothWatermarks(new Watermark(year(2020) + 1));
            Map<String, ImpactEstimate> after = latest(h.extractOutputValues());
            assertThat(after.get("rail/OBJECT/lane-2/DIFFERENCE_IN_DIFFERENCES").getWithdrawn()).isTrue();
            assertThat(after.get("rail/TREATED_GROUP//DIFFERENCE_IN_DIFFERENCES").getWithdrawn()).isTrue();
            ImpactEstimate lane0 = after.get("rail/OBJECT/lane-0/DIFFERENCE_IN_DIFFERENCES");
            assertThat(lane0.getWithdrawn()).isFalse();
            assertThat(lane0.getControlCount()).isEqualTo(7);
        }
    }

    @Test
    void tooLittleDataIsInsufficientData() throws Exception {
        try (var h = harness(null)) {
            send(h, initiative("early", "lane", List.of("lane-0"), 2012).build());
            feed(h, lanes().stream().filter(v -> v.getWindowStart().toEpochMilli() < year(2014)).toList());
            h.processBothWatermarks(new Watermark(year(2014)));
            List<ImpactEstimate> out = h.extractOutputValues();
            assertThat(out).hasSize(4).allSatisfy(e -> {
                assertThat(e.getVerdict()).isEqualTo(ImpactVerdict.INSUFFICIENT_DATA);
                assertThat(e.getPreSampleSize()).isEqualTo(6);
                assertThat(e.getPostSampleSize()).isEqualTo(2);
                assertThat(e.getAbsoluteEffect()).isNaN();
                assertThat(e.getPValue()).isNull();
            });
        }
    }
}
