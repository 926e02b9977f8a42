package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.DAY;
import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sentence every alert event carries, for hand-worked cases of each detector and lifecycle step. The numbers
 * in the expected sentences are worked out in the comments (the scores are the ones the detector tests derive).
 */
class AlertReasonTest {

    @Test
    void thresholdHigherIsBetterThroughOpenUpdateAndResolve() {
        AlertPolicy policy = AlertPolicy.builder("otif").label(KpiLabel.of("OTIF", "ratio"))
                .direction(Direction.HIGHER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(0.95).withCritical(0.90))
                .lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        // The series of ThresholdDetectorTest: opens at 4 (warning), critical at 5, warning at 6; 9 breaches once
        // more, so the third normal window in a row is 12.
        List<AlertEvent> events = run(policy, HOUR,
                0.99, 0.94, 0.99, 0.94, 0.93, 0.85, 0.94, 0.97, 0.98, 0.93, 0.96, 0.97, 0.99);
        assertThat(events).extracting(AlertEvent::reason).containsExactly(
                "OTIF (sku SKU-1) was 0.93 in the window 2026-01-05 04:00-05:00 UTC, below the warning threshold 0.95 "
                        + "(threshold detector)",
                "OTIF (sku SKU-1) was 0.85 in the window 2026-01-05 05:00-06:00 UTC, below the critical threshold 0.9 "
                        + "(threshold detector); now critical, was warning",
                "OTIF (sku SKU-1) was 0.94 in the window 2026-01-05 06:00-07:00 UTC, below the warning threshold 0.95 "
                        + "(threshold detector); now warning, was critical",
                "OTIF (sku SKU-1) was 0.99 in the window 2026-01-05 12:00-13:00 UTC, not below the warning threshold "
                        + "0.95 (threshold detector); resolved after 3 normal windows in a row");
        assertThat(events).extracting(AlertEvent::isFlapping).containsOnly(false);
    }

    @Test
    void thresholdAroundATarget() {
        AlertPolicy policy = AlertPolicy.builder("adherence").label(KpiLabel.of("Schedule adherence", "ratio"))
                .direction(Direction.CLOSER_TO_TARGET_IS_BETTER)
                .detector(ThresholdDetector.none().withTarget(1.0).withWarning(0.05).withCritical(0.10))
                .lifecycle(SeriesFixture.withoutFlapping(1, 1)).build();
        // 1.2 is 0.2 above the target, more than the critical 0.1; 0.97 is 0.03 below it, within the warning 0.05.
        List<AlertEvent> events = run(policy, HOUR, 1.0, 1.2, 0.97);
        assertThat(events).extracting(AlertEvent::reason).containsExactly(
                "Schedule adherence (sku SKU-1) was 1.2 in the window 2026-01-05 01:00-02:00 UTC, 0.2 above the target "
                        + "1, beyond the critical tolerance 0.1 (threshold detector)",
                "Schedule adherence (sku SKU-1) was 0.97 in the window 2026-01-05 02:00-03:00 UTC, 0.03 below the "
                        + "target 1, within the warning tolerance 0.05 (threshold detector); resolved after 1 normal "
                        + "window in a row");
    }

    @Test
    void robustBaselineNamesTheMedianTheScoreAndTheLimit() {
        AlertPolicy policy = AlertPolicy.builder("lead_time").label(KpiLabel.of("Lead time", "h"))
                .direction(Direction.LOWER_IS_BETTER)
                .detector(RobustBaselineDetector.withDefaults().withWindows(24).withMinWindows(12))
                .lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        // The series of RobustBaselineDetectorTest. Window 13 (19 h): 13 past windows (10, 11, 12 four times and
        // 17), median 11, MAD 1, scale 1.4826, score 8 / 1.4826 = 5.396 > 5: critical.
        // Window 16 (10 h): 16 past windows (10 x4, 11 x5, 12 x5, 17, 19), median 11, MAD 1: normal range
        // 11 -+ 3.5 * 1.4826 = 5.8109 .. 16.1891; windows 14, 15, 16 normal: resolved.
        double[] series = {10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 12, 17, 19, 11, 12, 10, 11};
        assertThat(run(policy, HOUR, series)).extracting(AlertEvent::reason).containsExactly(
                "Lead time (sku SKU-1) was 19 h in the window 2026-01-05 13:00-14:00 UTC, above the expected 11 h "
                        + "(median of 13 past windows) by 5.4 robust standard deviations, beyond the critical limit "
                        + "of 5 (robust detector)",
                "Lead time (sku SKU-1) was 10 h in the window 2026-01-05 16:00-17:00 UTC, within the normal range "
                        + "5.811 h to 16.19 h around the expected 11 h (median of 16 past windows) (robust detector); "
                        + "resolved after 3 normal windows in a row");
    }

    @Test
    void anEventOnAWindowTheDetectorCouldNotJudgeSaysSo() {
        AlertPolicy policy = AlertPolicy.builder("lead_time").label(KpiLabel.of("Lead time", "h"))
                .direction(Direction.LOWER_IS_BETTER)
                .detector(RobustBaselineDetector.withDefaults().withWindows(24).withMinWindows(12))
                .lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        // The spike of the robust case opens the alert at window 13 inside a mute window, which holds the event
        // back. The next value comes at window 40, after a gap: none of the 24 windows before it has a value, so
        // the detector cannot judge it and the status stays open; that window catches the OPENED up.
        AlertSilence mute = AlertSilence.of(AlertSilence.ANY, AlertSilence.ANY, AlertSilence.ANY,
                Instant.ofEpochMilli(SeriesFixture.start(0, HOUR)), Instant.ofEpochMilli(SeriesFixture.start(20, HOUR)),
                "maintenance");
        AlertTrack track = new AlertTrack("lead_time", "plant", "P-1");
        double[] series = {10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 12, 17, 19};
        for (int i = 0; i < series.length; i++) {
            assertThat(track.observe(policy, SeriesFixture.start(i, HOUR), SeriesFixture.start(i + 1, HOUR), series[i],
                    List.of(), List.of(mute)).events()).isEmpty();
        }
        List<AlertEvent> events = track.observe(policy, SeriesFixture.start(40, HOUR), SeriesFixture.start(41, HOUR),
                11, List.of(), List.of(mute)).events();
        assertThat(events).extracting(AlertEvent::state, AlertEvent::reason).containsExactly(tuple(AlertState.OPENED,
                "Lead time (plant P-1) was 11 h in the window 2026-01-06 16:00-17:00 UTC, not judged for lack of "
                        + "history (needs 12 past windows, has 0) (robust detector)"));
    }

    @Test
    void seasonalBaselineNamesTheSamePhaseOfPastWeeks() {
        AlertPolicy policy = AlertPolicy.builder("defects").label(KpiLabel.of("Defects", "pieces"))
                .direction(Direction.LOWER_IS_BETTER)
                .detector(SeasonalBaselineDetector.withDefaults().withScaleWindows(7))
                .lifecycle(SeriesFixture.withoutFlapping(1, 1)).build();
        // The history of SeasonalBaselineDetectorTest: four weeks of 100, then week 4 offset by -3 -1 0 1 2 4 -2
        // (none of those days breaches: each is on the good side or within 3.5 of its pooled scale). Day 35, a
        // Monday: same-phase values 100 100 100 97 -> expected 100; residual scale 2.9652; 112 scores
        // 12 / 2.9652 = 4.047 > 3.5: warning.
        double[] series = new double[36];
        Arrays.fill(series, 100);
        double[] offsets = {-3, -1, 0, 1, 2, 4, -2};
        for (int d = 0; d < 7; d++) {
            series[28 + d] += offsets[d];
        }
        series[35] = 112;
        assertThat(run(policy, DAY, series)).extracting(AlertEvent::reason).containsExactly(
                "Defects (sku SKU-1) was 112 pieces on 2026-02-09 (UTC), above the expected 100 pieces (median of 4 "
                        + "past weeks at the same time of week) by 4.05 robust standard deviations, beyond the warning "
                        + "limit of 3.5 (seasonal detector)");
    }

    @Test
    void ewmaNamesTheWeightedAverageItJudged() {
        AlertPolicy policy = AlertPolicy.builder("lead_time").label(KpiLabel.of("Lead time", "h"))
                .direction(Direction.LOWER_IS_BETTER)
                .detector(EwmaDetector.withDefaults().withBaselineWindows(24).withMinBaselineWindows(12).withL(3)
                        .withCriticalL(4.5))
                .lifecycle(SeriesFixture.withoutFlapping(1, 1)).build();
        // The case of EwmaDetectorTest: baseline 9, 11 six times (mean 10), a run of six 10s, then 15.2 at window
        // 18 (the first window with enough history): z = 0.2 * 15.2 + 0.8 * 10 = 11.04, score 3.055 > 3: warning.
        double[] series = {9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 10, 10, 10, 10, 10, 10, 15.2};
        assertThat(run(policy, HOUR, series)).extracting(AlertEvent::reason).containsExactly(
                "Lead time (sku SKU-1) was 15.2 h in the window 2026-01-05 18:00-19:00 UTC, its recent weighted "
                        + "average 11.04 h is above the expected 10 h (mean of 12 baseline windows) by 3.06 standard "
                        + "errors, beyond the warning limit of 3 (ewma detector)");
    }

    @Test
    void windowsReadAsTimesOfOneDayOrAsWholeDays() {
        Instant t = Instant.parse("2026-10-12T13:00:00Z");
        assertThat(AlertReason.window(t, t.plusSeconds(3600))).isEqualTo("in the window 2026-10-12 13:00-14:00 UTC");
        Instant late = Instant.parse("2026-10-12T23:00:00Z");
        assertThat(AlertReason.window(late, late.plusSeconds(3600))).isEqualTo("in the window 2026-10-12 23:00-24:00 UTC");
        Instant day = Instant.parse("2026-10-12T00:00:00Z");
        assertThat(AlertReason.window(day, day.plusSeconds(86_400))).isEqualTo("on 2026-10-12 (UTC)");
        assertThat(AlertReason.window(day, day.plusSeconds(7 * 86_400)))
                .isEqualTo("in the window 2026-10-12 00:00 - 2026-10-19 00:00 UTC");
    }

    @Test
    void labelsWriteValuesWithTheirUnitAndAtMostFourDigits() {
        KpiLabel hours = KpiLabel.of("Lead time", "h");
        assertThat(hours.value(52.4567)).isEqualTo("52.46 h");
        assertThat(hours.value(1_234_567)).isEqualTo("1235000 h");
        assertThat(hours.value(0)).isEqualTo("0 h");
        KpiLabel ratio = KpiLabel.of("OTIF", "ratio");
        assertThat(ratio.value(0.80)).isEqualTo("0.8");
        assertThat(ratio.value(-0.05)).isEqualTo("-0.05");
        assertThat(ratio.value(0.71234)).isEqualTo("0.7123");
        assertThat(KpiLabel.statistic(4.0469446)).isEqualTo("4.05");
        assertThatThrownBy(() -> KpiLabel.of(" ", "h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KPI name is blank: give the KPI a display name (or use its id)");
    }
}
