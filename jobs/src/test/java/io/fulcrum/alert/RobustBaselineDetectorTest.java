package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.history;
import static io.fulcrum.alert.SeriesFixture.run;
import static io.fulcrum.alert.SeriesFixture.start;
import static io.fulcrum.alert.SeriesFixture.step;
import static io.fulcrum.alert.SeriesFixture.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class RobustBaselineDetectorTest {

    // 10, 11, 12 four times: median 11; |deviations| four 0s and eight 1s, so MAD = 1 and scale = 1.4826.
    private static final double[] TWELVE = {10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 12};

    /** A day of hourly windows, half of it required: the hand-worked cases below use these. */
    private final RobustBaselineDetector detector = RobustBaselineDetector.withDefaults().withWindows(24).withMinWindows(12);

    @Test
    void modifiedZScoreAgainstMedianAndMad() {
        NavigableMap<Long, Double> history = history(HOUR, TWELVE);
        long at = start(12, HOUR);
        // 16: (16 - 11) / 1.4826 = 3.3725 <= 3.5
        Detection d16 = detector.evaluate(history, at, HOUR, 16, Direction.LOWER_IS_BETTER);
        assertThat(d16.outcome()).isEqualTo(Detection.Outcome.NORMAL);
        assertThat(d16.score()).isCloseTo(3.3724538, within(1e-6));
        assertThat(d16.expected()).isEqualTo(11);
        assertThat(d16.lower()).isCloseTo(11 - 3.5 * 1.4826, within(1e-9));
        // 17: 6 / 1.4826 = 4.0469 > 3.5; 19: 8 / 1.4826 = 5.3959 > 5
        assertThat(detector.evaluate(history, at, HOUR, 17, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.WARNING);
        assertThat(detector.evaluate(history, at, HOUR, 19, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.CRITICAL);
        // A rise is good news for a higher-is-better KPI; a drop of 6 is not.
        assertThat(detector.evaluate(history, at, HOUR, 19, Direction.HIGHER_IS_BETTER).isBreach()).isFalse();
        Detection drop = detector.evaluate(history, at, HOUR, 5, Direction.HIGHER_IS_BETTER);
        assertThat(drop.severity()).contains(Severity.WARNING);
        assertThat(drop.score()).isCloseTo(-4.0469446, within(1e-6));
    }

    @Test
    void zeroMadFallsBackToMeanAbsoluteDeviation() {
        // Seven 10s and five 12s: median 10, MAD 0; mean |dev| = 10/12, scale = 1.2533 * 10/12 = 1.044417.
        NavigableMap<Long, Double> history = history(HOUR, 10, 10, 10, 10, 10, 10, 10, 12, 12, 12, 12, 12);
        Detection d = detector.evaluate(history, start(12, HOUR), HOUR, 14, Direction.LOWER_IS_BETTER);
        assertThat(d.score()).isCloseTo(4 / (1.2533 * 10 / 12), within(1e-9));
        assertThat(d.severity()).contains(Severity.WARNING);
    }

    @Test
    void constantHistoryMakesAnyAdverseChangeABreach() {
        NavigableMap<Long, Double> history = history(HOUR, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
        assertThat(detector.evaluate(history, start(12, HOUR), HOUR, 5, Direction.LOWER_IS_BETTER).isBreach()).isFalse();
        assertThat(detector.evaluate(history, start(12, HOUR), HOUR, 5.01, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.CRITICAL);
    }

    @Test
    void saysSoWhenHistoryIsShortOrTooOld() {
        double[] eleven = java.util.Arrays.copyOf(TWELVE, 11);
        Detection d = detector.evaluate(history(HOUR, eleven), start(11, HOUR), HOUR, 100, Direction.LOWER_IS_BETTER);
        assertThat(d.outcome()).isEqualTo(Detection.Outcome.INSUFFICIENT_HISTORY);
        assertThat(d.reason()).isEqualTo("insufficient history: needs 12 past windows, has 11");
        // Twelve windows, but all more than 24 windows before the evaluated one: none of them counts.
        Detection old = detector.evaluate(history(HOUR, TWELVE), start(40, HOUR), HOUR, 100, Direction.LOWER_IS_BETTER);
        assertThat(old.reason()).isEqualTo("insufficient history: needs 12 past windows, has 0");
    }

    @Test
    void lifecycleOnAHandBuiltSeries() {
        // Lead time (lower is better): a spike at 12-13, back to normal from 14. Scores worked by hand:
        // 12: 17 -> 4.047 (WARNING); 13: 19 -> median 11, MAD 1 -> 5.396 (CRITICAL) -> opens (2 in a row);
        // 14..16 normal -> resolves at 16.
        AlertPolicy policy = AlertPolicy.builder("lead_time").direction(Direction.LOWER_IS_BETTER)
                .detector(detector).lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        double[] series = {10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 12, 17, 19, 11, 12, 10, 11};
        assertThat(steps(run(policy, HOUR, series), HOUR)).containsExactly(
                step(AlertState.OPENED, Severity.CRITICAL, 13, 1),
                step(AlertState.RESOLVED, Severity.CRITICAL, 16, 2));
    }

    @Test
    void defaultsAndInvalidParametersNameKeyValueAndFix() {
        assertThat(RobustBaselineDetector.withDefaults()).extracting(RobustBaselineDetector::windows,
                RobustBaselineDetector::minWindows, RobustBaselineDetector::k, RobustBaselineDetector::criticalK)
                .containsExactly(48, 24, 3.5, 5.0);
        assertThatThrownBy(() -> detector.withK(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("robust.k = 0.0 is invalid: must be a finite number > 0");
        assertThatThrownBy(() -> detector.withMinWindows(30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("robust.minWindows = 30 exceeds robust.windows = 24: lower minWindows or raise windows");
        assertThatThrownBy(() -> detector.withCriticalK(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("robust.criticalK = 3.0 is below robust.k = 3.5: criticalK must be >= k");
    }
}
