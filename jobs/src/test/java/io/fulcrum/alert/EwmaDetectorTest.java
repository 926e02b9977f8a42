package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.history;
import static io.fulcrum.alert.SeriesFixture.run;
import static io.fulcrum.alert.SeriesFixture.start;
import static io.fulcrum.alert.SeriesFixture.step;
import static io.fulcrum.alert.SeriesFixture.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class EwmaDetectorTest {

    /** Montgomery's textbook pair and a short baseline: the hand-worked cases below use these. */
    private final EwmaDetector detector = EwmaDetector.withDefaults().withBaselineWindows(24).withMinBaselineWindows(12)
            .withL(3).withCriticalL(4.5);

    @Test
    void scoreOfTheEwmaStatisticAgainstItsControlLimit() {
        // Baseline: 12 windows alternating 9, 11 -> mu0 = 10, s = sqrt(12/11) = 1.0444659. Run: 6 windows of 10,
        // so z stays 10. Evaluated window x at t = 7: z = 0.2 x + 8,
        // sigma_z = s * sqrt(0.2/1.8 * (1 - 0.8^14)) = 0.3404132; score = 0.2 (x - 10) / sigma_z.
        NavigableMap<Long, Double> history = history(HOUR,
                9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 10, 10, 10, 10, 10, 10);
        long at = start(18, HOUR);
        Detection d15 = detector.evaluate(history, at, HOUR, 15, Direction.LOWER_IS_BETTER);
        assertThat(d15.score()).isCloseTo(2.9376063, within(1e-6));
        assertThat(d15.isBreach()).isFalse();
        Detection d152 = detector.evaluate(history, at, HOUR, 15.2, Direction.LOWER_IS_BETTER);
        assertThat(d152.score()).isCloseTo(3.0551106, within(1e-6));
        assertThat(d152.severity()).contains(Severity.WARNING);
        assertThat(d152.expected()).isEqualTo(10);
        assertThat(detector.evaluate(history, at, HOUR, 18, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.CRITICAL); // 4.7002 > 4.5
        assertThat(detector.evaluate(history, at, HOUR, 18, Direction.HIGHER_IS_BETTER).isBreach()).isFalse();
    }

    @Test
    void saysSoBelowMinBaselinePlusSpan() {
        Detection d = detector.evaluate(history(HOUR, 1, 2, 3), start(3, HOUR), HOUR, 4, Direction.LOWER_IS_BETTER);
        assertThat(d.reason()).isEqualTo("insufficient history: needs 18 past windows, has 3");
    }

    @Test
    void lifecycleOnALevelShift() {
        // OTIF-like KPI (higher is better): 24 windows alternating 9, 11, then a level shift down to 7.
        // Expected sequence from an independent re-implementation of the chart (Python, statistics.stdev):
        // scores 24: -1.594, 25: -2.823, 26: -4.278 (W), 27: -4.990 (C) -> opens at 27 (2 in a row);
        // 28-33 critical, 34: -4.111 (W) -> updated; 38: -2.907 first normal -> resolved at 40 as the shifted
        // level enters the baseline.
        double[] series = new double[48];
        for (int i = 0; i < 48; i++) {
            series[i] = i < 24 ? (i % 2 == 0 ? 9 : 11) : 7;
        }
        AlertPolicy policy = AlertPolicy.builder("otif").direction(Direction.HIGHER_IS_BETTER)
                .detector(detector).lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        assertThat(steps(run(policy, HOUR, series), HOUR)).containsExactly(
                step(AlertState.OPENED, Severity.CRITICAL, 27, 1),
                step(AlertState.UPDATED, Severity.WARNING, 34, 2),
                step(AlertState.RESOLVED, Severity.WARNING, 40, 3));
    }
}
