package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.DAY;
import static io.fulcrum.alert.SeriesFixture.HOUR;
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

    private final SeasonalBaselineDetector detector = SeasonalBaselineDetector.withDefaults();

    @Test
    void comparesWithTheSameHourOfWeekOnly() {
        // Hourly windows. The same hour-of-week in the past 4 weeks held 100, 104, 96, 100: median 100,
        // |dev| 0, 4, 4, 0 -> MAD 2 -> scale 2.9652. Every other hour holds 1000, which must not matter.
        NavigableMap<Long, Double> history = new TreeMap<>();
        int now = 4 * 168;
        for (int i = 0; i < now; i++) {
            history.put(start(i, HOUR), 1000.0);
        }
        double[] sameHour = {100, 104, 96, 100}; // 1, 2, 3, 4 weeks ago
        for (int week = 1; week <= 4; week++) {
            history.put(start(now - week * 168, HOUR), sameHour[week - 1]);
        }
        long at = start(now, HOUR);
        Detection d108 = detector.evaluate(history, at, HOUR, 108, Direction.LOWER_IS_BETTER);
        assertThat(d108.isBreach()).isFalse();
        assertThat(d108.score()).isCloseTo(2.6979630, within(1e-6));
        assertThat(d108.expected()).isEqualTo(100);
        assertThat(detector.evaluate(history, at, HOUR, 112, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.WARNING); // 12 / 2.9652 = 4.047
        assertThat(detector.evaluate(history, at, HOUR, 120, Direction.LOWER_IS_BETTER).severity())
                .contains(Severity.CRITICAL); // 20 / 2.9652 = 6.745
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
        // Daily shipments, weekends low. Weeks 0-3 are the day-of-week pattern plus 0, +2, -2, +1; in week 4
        // Wednesday (80) and Thursday (90) break the pattern. Against median P+0.5 and scale 1.4826 they score
        // -12.48 and -8.43 (CRITICAL); the low weekend is normal for this detector. Opens Thursday (window 31),
        // resolves after Fri, Sat, Sun (window 34).
        double[] pattern = {100, 104, 98, 102, 100, 40, 42};
        double[] offset = {0, 2, -2, 1};
        double[] series = new double[35];
        for (int week = 0; week < 4; week++) {
            for (int day = 0; day < 7; day++) {
                series[week * 7 + day] = pattern[day] + offset[week];
            }
        }
        double[] lastWeek = {100, 104, 80, 90, 100, 40, 42};
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
