package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.schema.AlertSeverity;
import io.fulcrum.schema.AlertState;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactMethod;
import io.fulcrum.schema.ImpactScope;
import io.fulcrum.schema.ImpactVerdict;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeScope;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.ObjectSelector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The keyed alert operator in Flink's keyed broadcast test harness (no cluster, no I/O). */
class AlertFunctionTest {

    private static final BusinessObjectRef LANE = new BusinessObjectRef("route", "DE-FR");
    private static final BusinessObjectRef OTHER_LANE = new BusinessObjectRef("route", "DE-IT");

    /** OTIF, warning below 0.95, critical below 0.90; opens on the second breaching window, resolves on the second normal one. */
    private static AlertConfig.Builder otif() {
        return AlertConfig.builder().policy(AlertPolicy.builder("otif").label(KpiLabel.of("OTIF", "ratio"))
                .direction(Direction.HIGHER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(0.95).withCritical(0.90))
                .lifecycle(SeriesFixture.withoutFlapping(2, 2)).build());
    }

    private static KeyedBroadcastOperatorTestHarness<String, AlertInput, Initiative, KpiAlert> harness(AlertConfig config)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new AlertFunction(config), List.of(AlertFunction.INITIATIVES)),
                AlertInput::objectKey, TypeInformation.of(String.class), 1, 1, 0);
    }

    private static KpiValue value(BusinessObjectRef object, int window, double v, int revision) {
        return KpiValue.newBuilder().setKpiId("otif").setObject(object)
                .setWindowStart(Instant.ofEpochMilli(start(window, HOUR)))
                .setWindowEnd(Instant.ofEpochMilli(start(window + 1, HOUR)))
                .setValue(v).setSampleCount(10).setRevision(revision)
                .setComputedAt(Instant.ofEpochMilli(start(window + 1, HOUR) + 1000)).build();
    }

    private static void send(KeyedBroadcastOperatorTestHarness<String, AlertInput, Initiative, KpiAlert> h,
            BusinessObjectRef object, int window, double v, int revision) throws Exception {
        h.processElement(new StreamRecord<>(AlertInput.of(value(object, window, v, revision)), start(window + 1, HOUR)));
    }

    private static Initiative initiative(String id, InitiativeStatus status, InitiativeScope scope, int fromWindow,
            Integer toWindow, int version) {
        return Initiative.newBuilder().setInitiativeId(id).setTitle("Switch lane to carrier B").setOwner("ops")
                .setStatus(status).setScope(scope)
                .setStartTime(Instant.ofEpochMilli(start(fromWindow, HOUR)))
                .setEndTime(toWindow == null ? null : Instant.ofEpochMilli(start(toWindow, HOUR)))
                .setUpdatedAt(Instant.ofEpochMilli(version)).build();
    }

    private static ImpactEstimate estimate(ImpactScope scope, BusinessObjectRef object, ImpactVerdict verdict,
            int revision, long computedAt) {
        return estimate("INIT-7", scope, object, verdict, revision, computedAt).build();
    }

    private static ImpactEstimate.Builder estimate(String initiative, ImpactScope scope, BusinessObjectRef object,
            ImpactVerdict verdict, int revision, long computedAt) {
        return ImpactEstimate.newBuilder().setInitiativeId(initiative).setKpiId("otif").setScope(scope).setObject(object)
                .setMethod(ImpactMethod.DIFFERENCE_IN_DIFFERENCES).setPreMean(0.96).setPostMean(0.91)
                .setAbsoluteEffect(-0.05).setIntervalLower(-0.07).setIntervalUpper(-0.03).setIntervalLevel(0.95)
                .setCumulativeEffect(-3).setControlCount(4).setPreSampleSize(100).setPostSampleSize(50)
                .setVerdict(verdict).setRevision(revision).setComputedAt(Instant.ofEpochMilli(computedAt));
    }

    private static List<KpiAlert> alerts(KeyedBroadcastOperatorTestHarness<String, AlertInput, Initiative, KpiAlert> h) {
        return h.extractOutputValues();
    }

    @Test
    void inputsUseFlinkPojoAndAvroSerializersNotKryo() {
        TypeInformation<AlertInput> type = TypeInformation.of(AlertInput.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<AlertInput> pojo = (PojoTypeInfo<AlertInput>) type;
        assertThat(pojo.getTypeAt("kpiValue")).isInstanceOf(AvroTypeInfo.class);
        assertThat(pojo.getTypeAt("impactEstimate")).isInstanceOf(AvroTypeInfo.class);
        assertThat(TypeInformation.of(RejectedKpiValue.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void emitsLifecycleRecordsPerObjectAndDeduplicatesRevisions() throws Exception {
        try (var h = harness(otif().build())) {
            h.open();
            send(h, LANE, 0, 0.97, 0);
            send(h, OTHER_LANE, 0, 0.80, 0);
            send(h, LANE, 1, 0.93, 0);
            send(h, OTHER_LANE, 1, 0.99, 0);
            send(h, LANE, 2, 0.85, 0);          // second breach: OPENED CRITICAL
            send(h, LANE, 2, 0.85, 1);          // same value again (revision 1): nothing
            send(h, LANE, 2, 0.88, 2);          // still critical: nothing
            send(h, LANE, 2, 0.93, 3);          // late data lifts it to warning: UPDATED WARNING
            send(h, LANE, 2, 0.70, 1);          // an older revision arriving out of order: ignored
            send(h, LANE, 3, 0.99, 0);
            send(h, LANE, 4, 0.99, 0);          // second normal window: RESOLVED
            List<KpiAlert> alerts = alerts(h);
            assertThat(alerts).extracting(KpiAlert::getState, KpiAlert::getSeverity, a -> a.getWindowStart().toEpochMilli())
                    .containsExactly(
                            tuple(AlertState.OPENED, AlertSeverity.CRITICAL, start(2, HOUR)),
                            tuple(AlertState.UPDATED, AlertSeverity.WARNING, start(2, HOUR)),
                            tuple(AlertState.RESOLVED, AlertSeverity.WARNING, start(4, HOUR)));
            String id = AlertEvent.alertId("threshold", "otif", "route", "DE-FR");
            assertThat(alerts).extracting(KpiAlert::getAlertId).containsOnly(id);
            KpiAlert opened = alerts.get(0);
            assertThat(opened.getObject()).isEqualTo(LANE);
            assertThat(opened.getDetector()).isEqualTo("threshold");
            assertThat(opened.getObservedValue()).isEqualTo(0.85);
            assertThat(opened.getExpectedValue()).isEqualTo(0.90);
            assertThat(opened.getExpectedLower()).isEqualTo(0.95);
            assertThat(opened.getExpectedUpper()).isNull();
            assertThat(opened.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(start(3, HOUR)));
            assertThat(opened.getUpdatedAt()).isEqualTo(opened.getOpenedAt());
            assertThat(opened.getResolvedAt()).isNull();
            assertThat(alerts).extracting(KpiAlert::getReason).containsExactly(
                    "OTIF (route DE-FR) was 0.85 in the window 2026-01-05 02:00-03:00 UTC, below the critical "
                            + "threshold 0.9 (threshold detector)",
                    "OTIF (route DE-FR) was 0.93 in the window 2026-01-05 02:00-03:00 UTC, below the warning "
                            + "threshold 0.95 (threshold detector); now warning, was critical",
                    "OTIF (route DE-FR) was 0.99 in the window 2026-01-05 04:00-05:00 UTC, not below the warning "
                            + "threshold 0.95 (threshold detector); resolved after 2 normal windows in a row");
            assertThat(alerts).extracting(KpiAlert::getFlapping).containsOnly(false);
            KpiAlert resolved = alerts.get(2);
            assertThat(resolved.getOpenedAt()).isEqualTo(opened.getOpenedAt());
            assertThat(resolved.getResolvedAt()).isEqualTo(Instant.ofEpochMilli(start(5, HOUR)));
        }
    }

    @Test
    void alertsCarryTheInitiativesActiveOnTheObject() throws Exception {
        try (var h = harness(otif().build())) {
            h.open();
            InitiativeScope lane = new InitiativeScope(List.of(LANE), List.of());
            InitiativeScope allRoutes = new InitiativeScope(List.of(), List.of(new ObjectSelector("route", Map.of())));
            InitiativeScope carrierB = new InitiativeScope(List.of(),
                    List.of(new ObjectSelector("route", Map.of("carrier", "B"))));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-1", InitiativeStatus.ACTIVE, lane, 0, null, 1)));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-2", InitiativeStatus.ACTIVE, allRoutes, 0, null, 1)));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-3", InitiativeStatus.CANCELLED, lane, 0, null, 1)));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-4", InitiativeStatus.ACTIVE, lane, 5, null, 1)));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-5", InitiativeStatus.COMPLETED, lane, 0, 1, 1)));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-6", InitiativeStatus.ACTIVE, carrierB, 0, null, 1)));
            // A newer version of INIT-2 narrows it to another lane; an older version arriving later is ignored.
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-2", InitiativeStatus.ACTIVE,
                    new InitiativeScope(List.of(OTHER_LANE), List.of()), 0, null, 3)));
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-2", InitiativeStatus.ACTIVE, allRoutes, 0, null, 2)));
            // INIT-6 selects lanes by their carrier: the impact engine resolves that and estimates it for DE-FR.
            h.processElement(new StreamRecord<>(AlertInput.of(estimate("INIT-6", ImpactScope.OBJECT, LANE,
                    ImpactVerdict.NO_SIGNIFICANT_EFFECT, 0, start(1, HOUR)).build())));
            send(h, LANE, 2, 0.8, 0);
            send(h, LANE, 3, 0.8, 0);
            send(h, OTHER_LANE, 2, 0.8, 0);
            send(h, OTHER_LANE, 3, 0.8, 0);
            // DE-FR leaves INIT-6's selection: its estimates are withdrawn, and alerts stop naming it. The alert
            // resolves in window 5, where INIT-4 (from window 5) has started.
            h.processElement(new StreamRecord<>(AlertInput.of(estimate("INIT-6", ImpactScope.OBJECT, LANE,
                    ImpactVerdict.NO_SIGNIFICANT_EFFECT, 1, start(4, HOUR)).setWithdrawn(true).build())));
            send(h, LANE, 4, 0.99, 0);
            send(h, LANE, 5, 0.99, 0);
            assertThat(alerts(h)).extracting(a -> a.getObject().getId(), KpiAlert::getActiveInitiatives)
                    .containsExactly(tuple("DE-FR", List.of("INIT-1", "INIT-6")), tuple("DE-IT", List.of("INIT-2")),
                            tuple("DE-FR", List.of("INIT-1", "INIT-4")));
        }
    }

    @Test
    void guardrailFromImpactVerdicts() throws Exception {
        try (var h = harness(otif().build())) {
            h.open();
            long t = start(100, HOUR);
            h.processElement(new StreamRecord<>(AlertInput.of(estimate(ImpactScope.OBJECT, LANE, ImpactVerdict.NO_SIGNIFICANT_EFFECT, 0, t))));
            h.processElement(new StreamRecord<>(AlertInput.of(estimate(ImpactScope.OBJECT, LANE, ImpactVerdict.WORSENED, 1, t + 1))));
            h.processElement(new StreamRecord<>(AlertInput.of(estimate(ImpactScope.TREATED_GROUP, null, ImpactVerdict.WORSENED, 1, t + 2))));
            h.processElement(new StreamRecord<>(AlertInput.of(estimate(ImpactScope.OBJECT, LANE, ImpactVerdict.IMPROVED, 2, t + 3))));
            assertThat(alerts(h)).extracting(KpiAlert::getState, KpiAlert::getSeverity, a -> a.getObject().getType(),
                    KpiAlert::getDetector, KpiAlert::getActiveInitiatives, a -> a.getUpdatedAt().toEpochMilli())
                    .containsExactly(
                            tuple(AlertState.OPENED, AlertSeverity.CRITICAL, "route", "guardrail/INIT-7", List.of(), t + 1),
                            tuple(AlertState.OPENED, AlertSeverity.CRITICAL, "initiative", "guardrail/INIT-7",
                                    List.of("INIT-7"), t + 2),
                            tuple(AlertState.RESOLVED, AlertSeverity.CRITICAL, "route", "guardrail/INIT-7", List.of(), t + 3));
            String interval = "an effect of -0.05 (95% interval -0.07 to -0.03";
            assertThat(alerts(h)).extracting(KpiAlert::getReason).containsExactly(
                    "OTIF (route DE-FR) worsened under initiative INIT-7: 0.91 since its start against 0.96 before, "
                            + interval + ") by the difference-in-differences estimate (revision 1) (guardrail detector)",
                    "OTIF (objects of initiative INIT-7) worsened under initiative INIT-7: 0.91 since its start against "
                            + "0.96 before, " + interval + ") by the difference-in-differences estimate (revision 1) "
                            + "(guardrail detector)",
                    "OTIF (route DE-FR) is no longer found worse under initiative INIT-7: the latest "
                            + "difference-in-differences estimate (revision 2) finds an improvement, " + interval
                            + "); resolved (guardrail detector)");
            KpiAlert opened = alerts(h).get(0);
            assertThat(opened.getObservedValue()).isEqualTo(0.91);
            assertThat(opened.getExpectedValue()).isEqualTo(0.96);
        }
    }

    @Test
    void muteFromConfigurationHoldsBackUntilItEnds() throws Exception {
        AlertConfig config = otif().silence(AlertSilence.of("otif", "DE-FR", AlertSilence.ANY,
                Instant.ofEpochMilli(start(0, HOUR)), Instant.ofEpochMilli(start(4, HOUR)), "carrier change-over")).build();
        try (var h = harness(config)) {
            h.open();
            for (int w = 0; w < 5; w++) {
                send(h, LANE, w, 0.8, 0);
            }
            // Opened at window 1 (muted), still open at window 3 whose end is the mute's end: one OPENED there.
            assertThat(alerts(h)).extracting(KpiAlert::getState, a -> a.getWindowStart().toEpochMilli())
                    .containsExactly(tuple(AlertState.OPENED, start(3, HOUR)));
        }
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        AlertConfig config = otif().build();
        OperatorSubtaskState snapshot;
        try (var h = harness(config)) {
            h.open();
            h.processBroadcastElement(new StreamRecord<>(initiative("INIT-1", InitiativeStatus.ACTIVE,
                    new InitiativeScope(List.of(LANE), List.of()), 0, null, 1)));
            send(h, LANE, 0, 0.8, 0);
            send(h, LANE, 1, 0.8, 0);
            assertThat(alerts(h)).hasSize(1);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = harness(config)) {
            restored.initializeState(snapshot);
            restored.open();
            send(restored, LANE, 1, 0.8, 1);    // a duplicate after the restore is still deduplicated
            send(restored, LANE, 2, 0.99, 0);
            send(restored, LANE, 3, 0.99, 0);
            assertThat(alerts(restored)).extracting(KpiAlert::getState, KpiAlert::getActiveInitiatives,
                    a -> a.getOpenedAt().toEpochMilli())
                    .containsExactly(tuple(AlertState.RESOLVED, List.of("INIT-1"), start(2, HOUR)));
        }
    }

    @Test
    void rejectsBadValuesToTheSideOutputAndCleansUpIdleState() throws Exception {
        try (var h = harness(otif().idleRetention(java.time.Duration.ofDays(2)).build())) {
            h.open();
            send(h, LANE, 0, 0.99, 0);
            h.processElement(new StreamRecord<>(AlertInput.of(KpiValue.newBuilder(value(LANE, 1, 0.99, 0))
                    .setWindowEnd(Instant.ofEpochMilli(start(3, HOUR))).build())));
            h.processElement(new StreamRecord<>(AlertInput.of(KpiValue.newBuilder(value(LANE, 1, 0.99, 0))
                    .setKpiId("fill_rate").build())));
            assertThat(h.getSideOutput(AlertFunction.REJECTED)).extracting(r -> r.getValue().reason)
                    .containsExactly("KPI 'otif' of route:DE-FR: window at 2026-01-05T01:00:00Z lasts PT2H but earlier "
                            + "ones PT1H: one KPI must keep one window size");
            // Window 0 ends 01:00 on Jan 5; + 2 days -> due Jan 7 01:00 -> the daily timer fires at Jan 8 00:00.
            // Observable: while the track lives, a 2-hour window is rejected; once it is dropped, it starts afresh.
            KpiValue twoHours = KpiValue.newBuilder(value(LANE, 60, 0.99, 0))
                    .setWindowEnd(Instant.ofEpochMilli(start(62, HOUR))).build();
            h.watermark(Instant.parse("2026-01-07T23:59:59Z").toEpochMilli());
            h.processElement(new StreamRecord<>(AlertInput.of(twoHours)));
            assertThat(h.getSideOutput(AlertFunction.REJECTED)).hasSize(2);
            h.watermark(Instant.parse("2026-01-08T00:00:00Z").toEpochMilli());
            h.processElement(new StreamRecord<>(AlertInput.of(twoHours)));
            assertThat(h.getSideOutput(AlertFunction.REJECTED)).hasSize(2);
        }
    }
}
