package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.DAY;
import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.history;
import static io.fulcrum.alert.SeriesFixture.run;
import static io.fulcrum.alert.SeriesFixture.start;
import static io.fulcrum.alert.SeriesFixture.step;
import static io.fulcrum.alert.SeriesFixture.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeasonalBaselineDetectorTest {

    /** Daily windows, weekly period, 4 seasons (3 required), scale pooled over the last 7 windows. */
    private final SeasonalBaselineDetector detector = SeasonalBaselineDetector.withDefaults().withScaleWindows(7);

    @Test
    void expectedFromTheSamePhaseScaleFromRecentResiduals() {
        // Weeks 0-3: every day 100. Week 4: 100 + (-3, -1, 0, 1, 2, 4, -2); each of those days' same-phase median
        // is 100, so the residuals are exactly these offsets: median 0, |r| sorted 0 1 1 2 2 3 4 -> MAD 2,
        // scale 2.9652. Evaluated: Monday of week 5, same-phase values 100, 100, 100, 97 -> expected 100.
        double[] values = new double[35];
        java.util.Arrays.fill(values, 100);
        double[] offsets = {-3, -1, 0, 1, 2, 4, -2};
        for (int d = 0; d < 7; d++) {
            values[28 + d] += offsets[d];
        }
        NavigableMap<Long, Double> history = history(DAY, values);
        long at = start(35, DAY);
        Detection d108 = detector.evaluate(history, at, DAY, 108, Direction.LOWER_IS_BETTER);
        assertThat(d108.isBreach()).isFalse();
        assertThat(d108.score()).isCloseTo(2.6979630, within(1e-6)); // 8 / 2.9652
        assertThat(d108.expected()).isEqualTo(100);
        assertThat(detector.evaluate(history, at, DAY, 112, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.WARNING); // 12 / 2.9652 = 4.047
        assertThat(detector.evaluate(history, at, DAY, 120, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.CRITICAL); // 20 / 2.9652 = 6.745
        assertThat(detector.evaluate(history, at, DAY, 80, Direction.LOWER_IS_BETTER).isBreach()).isFalse();
    }

    @Test
    void otherPhasesDoNotEnterTheExpectedValue() {
        // Hourly windows: the same hour-of-week held 50 in each past week, every other hour ~1000.
        NavigableMap<Long, Double> history = new TreeMap<>();
        int now = 4 * 168;
        for (int i = 0; i < now; i++) {
            history.put(start(i, HOUR), 1000.0 + (i % 3));
        }
        for (int week = 1; week <= 4; week++) {
            history.put(start(now - week * 168, HOUR), 50.0);
        }
        Detection d = SeasonalBaselineDetector.withDefaults().evaluate(history, start(now, HOUR), HOUR, 50,
                Direction.LOWER_IS_BETTER);
        assertThat(d.expected()).isEqualTo(50);
        assertThat(d.isBreach()).isFalse();
    }

    @Test
    void saysSoWithFewerThanMinSeasons() {
        NavigableMap<Long, Double> history = new TreeMap<>();
        history.put(start(0, DAY), 100.0);
        history.put(start(7, DAY), 100.0);
        Detection d = detector.evaluate(history, start(14, DAY), DAY, 50, Direction.HIGHER_IS_BETTER);
        assertThat(d.reason()).isEqualTo("insufficient history: needs 3 past windows, has 2");
    }

    @Test
    void lifecycleOnAHandBuiltWeeklySeries() {
        // Daily shipments (higher is better), weekends low, small day-to-day offsets; in week 4 Wednesday (80) and
        // Thursday (90) break the pattern. Expected sequence from an independent re-implementation (Python,
        // statistics.median): 30 scores -11.80, 31 -8.43 (both CRITICAL) -> opens at 31 (2 in a row); Friday to
        // Sunday normal (-0.51, 2.02, -0.17) -> resolves at 34. The low weekend never alerts.
        double[] pattern = {100, 104, 98, 102, 100, 40, 42};
        double[][] offset = {{0, 1, -1, 2, 0, -2, 1}, {2, -1, 0, 1, -2, 0, 1}, {-2, 0, 1, -1, 2, 1, 0},
                {1, 2, -2, 0, 1, -1, -1}};
        double[] series = new double[35];
        for (int week = 0; week < 4; week++) {
            for (int day = 0; day < 7; day++) {
                series[week * 7 + day] = pattern[day] + offset[week][day];
            }
        }
        double[] lastWeek = {101, 103, 80, 90, 99, 41, 42};
        System.arraycopy(lastWeek, 0, series, 28, 7);
        AlertPolicy policy = AlertPolicy.builder("shipments").direction(Direction.HIGHER_IS_BETTER)
                .detector(detector).lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        assertThat(steps(run(policy, DAY, series), DAY)).containsExactly(
                step(AlertState.OPENED, Severity.CRITICAL, 31, 1),
                step(AlertState.RESOLVED, Severity.CRITICAL, 34, 2));
    }

    @Test
    void periodMustBeAWholeNumberOfWindows() {
        SeasonalBaselineDetector odd = detector.withPeriod(Duration.ofHours(36));
        assertThatThrownBy(() -> odd.evaluate(new TreeMap<>(), 0, DAY, 1, Direction.HIGHER_IS_BETTER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seasonal.period = PT36H is not a whole number of windows of PT24H: use a period that is "
                        + "a multiple of the KPI's window size");
    }
}
