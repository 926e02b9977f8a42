package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.run;
import static io.fulcrum.alert.SeriesFixture.start;
import static io.fulcrum.alert.SeriesFixture.step;
import static io.fulcrum.alert.SeriesFixture.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lifecycle behaviour of {@link AlertTrack}: flapping, silences, revisions, initiatives, guardrail. */
class AlertTrackTest {

    private static final double OK = 5;
    private static final double BAD = 12;

    /** Lead time, lower is better; warning above 10, critical above 20. */
    private static AlertPolicy leadTime(AlertLifecycle lifecycle) {
        return AlertPolicy.builder("lead_time").label(KpiLabel.of("Lead time", "h")).direction(Direction.LOWER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(10).withCritical(20))
                .lifecycle(lifecycle).build();
    }

    private static List<AlertEvent> observe(AlertTrack track, AlertPolicy policy, int window, double value,
            List<AlertSilence> silences) {
        return track.observe(policy, start(window, HOUR), start(window + 1, HOUR), value, List.of(), silences).events();
    }

    @Test
    void flappingHoldsTheAlertOpenInsteadOfChurning() {
        // Open and resolve after a single window, so alternating breach/normal churns every window.
        AlertLifecycle eager = AlertLifecycle.withDefaults().withOpenAfter(1).withResolveAfter(1);
        double[] series = new double[20];
        for (int i = 0; i < 20; i++) {
            series[i] = i < 10 && i % 2 == 0 ? BAD : OK;
        }
        List<AlertEvent> events = run(leadTime(eager), HOUR, series);
        // Hysteresis alone opens or resolves at every window 0..9. At window 3 that is the 4th change within 10
        // windows: flapping, so the open alert is held open and flagged instead of resolving. From window 10 the
        // series is steady; the changes age out of the 10-window span one per window and at window 17 only 2 remain
        // (<= 4 / 2): flapping ends and the alert resolves.
        assertThat(steps(events, HOUR)).containsExactly(
                step(AlertState.OPENED, Severity.WARNING, 0, 1),
                step(AlertState.RESOLVED, Severity.WARNING, 1, 2),
                step(AlertState.OPENED, Severity.WARNING, 2, 3),
                step(AlertState.UPDATED, Severity.WARNING, 3, 4),
                step(AlertState.RESOLVED, Severity.WARNING, 17, 5));
        assertThat(events).extracting(AlertEvent::isFlapping).containsExactly(false, false, false, true, false);
        assertThat(events).extracting(e -> AlertRecord.from(e).getFlapping())
                .containsExactly(false, false, false, true, false);
        // At 17, the last breach was window 8, so windows 9..17 are 9 normal ones.
        String over = "above the warning threshold 10 h (threshold detector)";
        String under = "not above the warning threshold 10 h (threshold detector)";
        assertThat(events).extracting(e -> AlertRecord.from(e).getReason()).containsExactly(
                "Lead time (sku SKU-1) was 12 h in the window 2026-01-05 00:00-01:00 UTC, " + over,
                "Lead time (sku SKU-1) was 5 h in the window 2026-01-05 01:00-02:00 UTC, " + under
                        + "; resolved after 1 normal window in a row",
                "Lead time (sku SKU-1) was 12 h in the window 2026-01-05 02:00-03:00 UTC, " + over,
                "Lead time (sku SKU-1) was 5 h in the window 2026-01-05 03:00-04:00 UTC, " + under
                        + "; flapping (opened or resolved 4 times in the last 10 windows): held open, notifications "
                        + "held until it settles",
                "Lead time (sku SKU-1) was 5 h in the window 2026-01-05 17:00-18:00 UTC, " + under
                        + "; resolved: no longer flapping (opened or resolved 2 times in the last 10 windows) and "
                        + "normal for 9 windows in a row");

        // The same series without flapping suppression: 10 events by window 9.
        List<AlertEvent> churn = run(leadTime(SeriesFixture.withoutFlapping(1, 1)), HOUR, series);
        assertThat(churn).hasSize(10);
    }

    @Test
    void isolatedBreachesThatHysteresisIgnoresAreNotFlapping() {
        // Open after 2: single breaching windows never open the alert, however many there are.
        AlertLifecycle lifecycle = AlertLifecycle.withDefaults().withOpenAfter(2).withResolveAfter(3);
        double[] series = {BAD, OK, BAD, OK, BAD, OK, BAD, OK, BAD, OK};
        assertThat(run(leadTime(lifecycle), HOUR, series)).isEmpty();
    }

    @Test
    void anOpenAlertThatStartsFlappingIsUpdated() {
        AlertLifecycle lifecycle = AlertLifecycle.withDefaults().withOpenAfter(1).withResolveAfter(2);
        // Opens at 0, resolves at 2, opens at 3; resolving again at 5 would be the 4th change: held open, flagged.
        double[] series = {BAD, OK, OK, BAD, OK, OK, BAD, OK};
        List<AlertEvent> events = run(leadTime(lifecycle), HOUR, series);
        assertThat(steps(events, HOUR)).containsExactly(
                step(AlertState.OPENED, Severity.WARNING, 0, 1),
                step(AlertState.RESOLVED, Severity.WARNING, 2, 2),
                step(AlertState.OPENED, Severity.WARNING, 3, 3),
                step(AlertState.UPDATED, Severity.WARNING, 5, 4));
        assertThat(events.get(3).isFlapping()).isTrue();
        assertThat(AlertRecord.from(events.get(3)).getFlapping()).isTrue();
        // Changes (hysteresis opening or resolving) at 0, 2, 3 and 5.
        assertThat(events.get(3).reason()).isEqualTo("Lead time (sku SKU-1) was 5 h in the window 2026-01-05 "
                + "05:00-06:00 UTC, not above the warning threshold 10 h (threshold detector); flapping (opened or "
                + "resolved 4 times in the last 10 windows): held open, notifications held until it settles");
    }

    @Test
    void muteWindowHoldsEventsBackAndCatchesUpAfterwards() {
        AlertPolicy policy = leadTime(SeriesFixture.withoutFlapping(1, 1));
        // Mute windows ending in [end of window 2, end of window 5): windows 2, 3, 4.
        AlertSilence maintenance = AlertSilence.of("lead_time", AlertSilence.ANY, AlertSilence.ANY,
                Instant.ofEpochMilli(start(3, HOUR)), Instant.ofEpochMilli(start(6, HOUR)), "plant maintenance");
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        List<AlertEvent> events = new ArrayList<>();
        double[] series = {OK, OK, BAD, OK, BAD, BAD, BAD, OK};
        for (int i = 0; i < series.length; i++) {
            events.addAll(observe(track, policy, i, series[i], List.of(maintenance)));
        }
        // Breach at 2, normal at 3, breach at 4: all muted. Window 5 (unmuted) is still breaching: one OPENED.
        assertThat(steps(events, HOUR)).containsExactly(
                step(AlertState.OPENED, Severity.WARNING, 5, 1),
                step(AlertState.RESOLVED, Severity.WARNING, 7, 2));
    }

    @Test
    void snoozeOfOneObjectLeavesOthersAlone() {
        AlertPolicy policy = leadTime(SeriesFixture.withoutFlapping(1, 1));
        AlertSilence snooze = AlertSilence.of(AlertSilence.ANY, "P-1", "threshold",
                Instant.ofEpochMilli(start(0, HOUR)), Instant.ofEpochMilli(start(100, HOUR)), "known issue");
        AlertTrack snoozed = new AlertTrack("lead_time", "plant", "P-1");
        AlertTrack other = new AlertTrack("lead_time", "plant", "P-2");
        assertThat(observe(snoozed, policy, 0, BAD, List.of(snooze))).isEmpty();
        assertThat(observe(other, policy, 0, BAD, List.of(snooze))).hasSize(1);
    }

    @Test
    void revisionsOfTheLatestWindowCrossingAThresholdAndBack() {
        AlertPolicy policy = leadTime(SeriesFixture.withoutFlapping(1, 1));
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        assertThat(observe(track, policy, 0, OK, List.of())).isEmpty();
        assertThat(observe(track, policy, 1, OK, List.of())).isEmpty();
        // Late data revises window 1 above the threshold, then back below it, then repeats the last revision.
        assertThat(steps(observe(track, policy, 1, BAD, List.of()), HOUR))
                .containsExactly(step(AlertState.OPENED, Severity.WARNING, 1, 1));
        assertThat(observe(track, policy, 1, BAD + 1, List.of())).as("same outcome: deduplicated").isEmpty();
        assertThat(steps(observe(track, policy, 1, OK, List.of()), HOUR))
                .containsExactly(step(AlertState.RESOLVED, Severity.WARNING, 1, 2));
        assertThat(observe(track, policy, 1, OK, List.of())).as("identical revision").isEmpty();
    }

    @Test
    void revisionOfAnEarlierWindowReplaysTheLifecycle() {
        AlertPolicy policy = leadTime(SeriesFixture.withoutFlapping(1, 3));
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        for (int i = 0; i < 8; i++) {
            assertThat(observe(track, policy, i, OK, List.of())).isEmpty();
        }
        // Window 5 turns out breaching: replayed, it opens the alert and windows 6 and 7 are only 2 normal ones
        // (resolveAfter 3), so the alert is open now; the event reports the latest window, 7.
        List<AlertEvent> opened = observe(track, policy, 5, 25, List.of());
        assertThat(steps(opened, HOUR)).containsExactly(step(AlertState.OPENED, Severity.CRITICAL, 7, 1));
        assertThat(opened.get(0).detection().value()).isEqualTo(OK);
        // The next normal window is the third: resolved.
        assertThat(steps(observe(track, policy, 8, OK, List.of()), HOUR))
                .containsExactly(step(AlertState.RESOLVED, Severity.CRITICAL, 8, 2));
    }

    @Test
    void lateCorrectionsEndInTheSameStateAsOrderedData() {
        // Brute force: every window first arrives with a wrong value and is corrected two windows later. Once all
        // corrections are in, each alert must stand where the correctly ordered series leaves it.
        AlertPolicy policy = AlertPolicy.builder("lead_time").direction(Direction.LOWER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(10).withCritical(20))
                .detector(RobustBaselineDetector.withDefaults().withWindows(24).withMinWindows(12))
                .lifecycle(AlertLifecycle.withDefaults()).revisionHorizon(4).build();
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 80;
            double[] truth = new double[n];
            for (int i = 0; i < n; i++) {
                truth[i] = random.nextInt(4) == 0 ? 5 + random.nextDouble() * 20 : 5 + random.nextGaussian();
            }
            AlertTrack ordered = new AlertTrack("lead_time", "plant", "P-1");
            Map<String, AlertEvent> orderedLast = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                observe(ordered, policy, i, truth[i], List.of()).forEach(e -> orderedLast.put(e.rule(), e));
            }
            AlertTrack corrected = new AlertTrack("lead_time", "plant", "P-1");
            Map<String, AlertEvent> correctedLast = new java.util.HashMap<>();
            for (int i = 0; i < n + 2; i++) {
                if (i < n) {
                    observe(corrected, policy, i, random.nextDouble() * 30, List.of())
                            .forEach(e -> correctedLast.put(e.rule(), e));
                }
                if (i >= 2) {
                    observe(corrected, policy, i - 2, truth[i - 2], List.of())
                            .forEach(e -> correctedLast.put(e.rule(), e));
                }
            }
            for (String rule : List.of("threshold", "robust")) {
                boolean orderedOpen = orderedLast.containsKey(rule) && orderedLast.get(rule).state() != AlertState.RESOLVED;
                boolean correctedOpen = correctedLast.containsKey(rule)
                        && correctedLast.get(rule).state() != AlertState.RESOLVED;
                assertThat(correctedOpen).as("trial %d rule %s open", trial, rule).isEqualTo(orderedOpen);
                if (orderedOpen) {
                    assertThat(correctedLast.get(rule).severity()).as("trial %d rule %s severity", trial, rule)
                            .isEqualTo(orderedLast.get(rule).severity());
                }
            }
        }
    }

    @Test
    void revisionBeyondTheHorizonChangesNoAlert() {
        AlertPolicy policy = AlertPolicy.builder("lead_time").direction(Direction.LOWER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(10))
                .lifecycle(SeriesFixture.withoutFlapping(1, 1)).revisionHorizon(3).build();
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        for (int i = 0; i < 6; i++) {
            observe(track, policy, i, OK, List.of());
        }
        // Windows 3, 4, 5 are within the horizon; 2 is not.
        AlertTrack.Observation late = track.observe(policy, start(2, HOUR), start(3, HOUR), BAD, List.of(), List.of());
        assertThat(late.beyondHorizon()).isTrue();
        assertThat(late.events()).isEmpty();
        AlertTrack.Observation inHorizon = track.observe(policy, start(5, HOUR), start(6, HOUR), BAD, List.of(),
                List.of());
        assertThat(inHorizon.beyondHorizon()).isFalse();
        assertThat(inHorizon.events()).hasSize(1);
    }

    @Test
    void eventsCarryTheActiveInitiativesSorted() {
        AlertPolicy policy = leadTime(SeriesFixture.withoutFlapping(1, 1));
        AlertTrack track = new AlertTrack("lead_time", "route", "DE-FR");
        List<AlertEvent> events = track.observe(policy, start(0, HOUR), start(1, HOUR), BAD,
                List.of("INIT-9", "INIT-2"), List.of()).events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.initiativeIds()).containsExactly("INIT-2", "INIT-9");
            assertThat(e.objectType()).isEqualTo("route");
            assertThat(e.objectId()).isEqualTo("DE-FR");
            assertThat(e.at()).isEqualTo(Instant.ofEpochMilli(start(1, HOUR)));
        });
    }

    @Test
    void detectorWithoutHistorySaysSoInsteadOfAlerting() {
        AlertPolicy policy = AlertPolicy.builder("lead_time").direction(Direction.LOWER_IS_BETTER)
                .detector(RobustBaselineDetector.withDefaults())
                .lifecycle(SeriesFixture.withoutFlapping(1, 1)).build();
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        track.observe(policy, start(0, HOUR), start(1, HOUR), 10, List.of(), List.of());
        AlertTrack.Observation o = track.observe(policy, start(1, HOUR), start(2, HOUR), 1e6, List.of(), List.of());
        assertThat(o.events()).isEmpty();
        assertThat(o.lackingHistory()).extracting(Detection::reason)
                .containsExactly("insufficient history: needs 24 past windows, has 1");
    }

    @Test
    void guardrailOpensWhileAnyMethodSaysWorsenedAndIgnoresOldRevisions() {
        AlertPolicy policy = leadTime(AlertLifecycle.withDefaults());
        AlertTrack track = new AlertTrack("lead_time", "route", "DE-FR");
        Detection worse = Detection.breach(Severity.CRITICAL, 3.0, 0, 3.0, "WORSENED");
        Detection fine = Detection.normal(0.1, 0, 0.1, "NO_SIGNIFICANT_EFFECT");
        Instant t1 = Instant.parse("2026-02-01T00:00:00Z");
        List<AlertEvent> opened = track.observeImpact(policy, "INIT-7", "DID", 2, worse, "worse", t1, List.of("INIT-7"), List.of());
        assertThat(opened).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertState.OPENED);
            assertThat(e.rule()).isEqualTo("guardrail/INIT-7");
            assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(e.alertId()).isEqualTo(AlertEvent.alertId("guardrail/INIT-7", "lead_time", "route", "DE-FR"));
        });
        assertThat(track.observeImpact(policy, "INIT-7", "PRE_POST", 0, fine, "fine", t1, List.of(), List.of()))
                .as("DID still says worsened").isEmpty();
        assertThat(track.observeImpact(policy, "INIT-7", "DID", 1, fine, "fine", t1, List.of(), List.of()))
                .as("older revision").isEmpty();
        assertThat(track.observeImpact(policy, "INIT-7", "DID", 3, fine, "fine", t1.plusSeconds(60), List.of(), List.of()))
                .extracting(AlertEvent::state, AlertEvent::sequence).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertState.RESOLVED, 2L));
        AlertPolicy noGuardrail = AlertPolicy.builder("lead_time").direction(Direction.LOWER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(10)).guardrail(false).build();
        assertThat(new AlertTrack("lead_time", "route", "DE-FR")
                .observeImpact(noGuardrail, "INIT-7", "DID", 0, worse, "worse", t1, List.of(), List.of())).isEmpty();
    }

    @Test
    void badWindowsAreRejectedWithContext() {
        AlertPolicy policy = leadTime(AlertLifecycle.withDefaults());
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        track.observe(policy, start(0, HOUR), start(1, HOUR), 1, List.of(), List.of());
        assertThatThrownBy(() -> track.observe(policy, start(1, HOUR), start(3, HOUR), 1, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KPI 'lead_time' of plant:P-1: window at 2026-01-05T01:00:00Z lasts PT2H but earlier ones "
                        + "PT1H: one KPI must keep one window size");
        assertThatThrownBy(() -> track.observe(policy, start(1, HOUR), start(2, HOUR), Double.NaN, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has value NaN: KPI values must be finite");
    }
}
