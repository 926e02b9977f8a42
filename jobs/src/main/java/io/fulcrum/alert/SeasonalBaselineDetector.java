package io.fulcrum.alert;

import io.fulcrum.alert.internal.Arguments;
import io.fulcrum.alert.internal.RobustBaseline;
import io.fulcrum.alert.internal.StandardizedDeviation;
import java.time.Duration;
import java.util.Arrays;
import java.util.NavigableMap;

/**
 * Seasonal baseline for KPIs with a weekly (or daily) rhythm: the window is compared with the same phase of the
 * past {@code seasons} periods (same hour-of-week for hourly windows and a 7-day period, same day-of-week for
 * daily windows).
 *
 * <p>Expected value: the median of the same-phase values. Scale: a handful of same-phase values gives a very
 * unstable MAD (with 4 values it is often near 0, and noise then alerts), so the scale is pooled instead: for each
 * of the last {@code scaleWindows} windows, its residual against its own same-phase median; the scale is
 * 1.4826 * MAD of those residuals (see {@link RobustBaseline}). Score = (value - expected) / scale.
 *
 * <p>Defaults ({@link #withDefaults()}): period = 7 days, seasons = 4, minSeasons = 3, scaleWindows = 24, k = 3.5,
 * criticalK = 5. The period must be a whole number of windows (checked on evaluation, since the window size comes
 * with the KPI). With fewer than {@code minSeasons} same-phase values, or fewer than half of {@code scaleWindows}
 * residuals, the detector answers {@link Detection.Outcome#INSUFFICIENT_HISTORY}.
 */
public final class SeasonalBaselineDetector implements Detector {

    private static final long serialVersionUID = 1L;

    /** The rule name in alert ids. */
    public static final String RULE = "seasonal";

    private final Duration period;
    private final int seasons;
    private final int minSeasons;
    private final int scaleWindows;
    private final double k;
    private final double criticalK;

    private SeasonalBaselineDetector(Duration period, int seasons, int minSeasons, int scaleWindows, double k,
            double criticalK) {
        this.period = period;
        this.seasons = seasons;
        this.minSeasons = minSeasons;
        this.scaleWindows = scaleWindows;
        this.k = k;
        this.criticalK = criticalK;
        if (minSeasons > seasons) {
            throw new IllegalArgumentException("seasonal.minSeasons = " + minSeasons + " exceeds seasonal.seasons = "
                    + seasons + ": lower minSeasons or raise seasons");
        }
        if (criticalK < k) {
            throw new IllegalArgumentException("seasonal.criticalK = " + criticalK + " is below seasonal.k = " + k
                    + ": criticalK must be >= k");
        }
    }

    public static SeasonalBaselineDetector withDefaults() {
        return new SeasonalBaselineDetector(Duration.ofDays(7), 4, 3, 24, 3.5, 5.0);
    }

    public SeasonalBaselineDetector withPeriod(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("seasonal.period = " + period + " is invalid: use a positive duration "
                    + "such as P7D (weekly) or P1D (daily)");
        }
        return new SeasonalBaselineDetector(period, seasons, minSeasons, scaleWindows, k, criticalK);
    }

    /** Sets how many past periods form the baseline; lowers minSeasons to it if needed. */
    public SeasonalBaselineDetector withSeasons(int seasons) {
        Arguments.atLeast("seasonal.seasons", seasons, 2);
        return new SeasonalBaselineDetector(period, seasons, Math.min(minSeasons, seasons), scaleWindows, k, criticalK);
    }

    public SeasonalBaselineDetector withMinSeasons(int minSeasons) {
        return new SeasonalBaselineDetector(period, seasons, Arguments.atLeast("seasonal.minSeasons", minSeasons, 2),
                scaleWindows, k, criticalK);
    }

    /** Sets how many recent windows' residuals estimate the scale. */
    public SeasonalBaselineDetector withScaleWindows(int windows) {
        return new SeasonalBaselineDetector(period, seasons, minSeasons,
                Arguments.atLeast("seasonal.scaleWindows", windows, 4), k, criticalK);
    }

    public SeasonalBaselineDetector withK(double k) {
        return new SeasonalBaselineDetector(period, seasons, minSeasons, scaleWindows,
                Arguments.positiveFinite("seasonal.k", k), criticalK);
    }

    public SeasonalBaselineDetector withCriticalK(double criticalK) {
        return new SeasonalBaselineDetector(period, seasons, minSeasons, scaleWindows, k,
                Arguments.positiveFinite("seasonal.criticalK", criticalK));
    }

    public Duration period() {
        return period;
    }

    public int seasons() {
        return seasons;
    }

    public int minSeasons() {
        return minSeasons;
    }

    public int scaleWindows() {
        return scaleWindows;
    }

    public double k() {
        return k;
    }

    public double criticalK() {
        return criticalK;
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Duration lookback(Duration windowSize) {
        return period.multipliedBy(seasons).plus(windowSize.multipliedBy(scaleWindows));
    }

    @Override
    public Detection evaluate(NavigableMap<Long, Double> history, long windowStart, Duration windowSize,
            double value, Direction direction) {
        long periodMillis = period.toMillis();
        if (periodMillis % windowSize.toMillis() != 0) {
            throw new IllegalArgumentException("seasonal.period = " + period + " is not a whole number of windows of "
                    + windowSize + ": use a period that is a multiple of the KPI's window size");
        }
        double[] phase = samePhase(history, windowStart, periodMillis);
        if (phase.length < minSeasons) {
            return Detection.insufficientHistory(value, minSeasons, phase.length);
        }
        long from = windowStart - windowSize.toMillis() * scaleWindows;
        double[] residuals = history.subMap(from, true, windowStart, false).entrySet().stream()
                .mapToDouble(e -> {
                    double[] past = samePhase(history, e.getKey(), periodMillis);
                    return past.length < minSeasons ? Double.NaN : e.getValue() - RobustBaseline.of(past).median();
                })
                .filter(r -> !Double.isNaN(r))
                .toArray();
        int minResiduals = (scaleWindows + 1) / 2;
        if (residuals.length < minResiduals) {
            return Detection.insufficientHistory(value, minResiduals, residuals.length);
        }
        RobustBaseline baseline = RobustBaseline.centeredAt(RobustBaseline.of(phase).median(),
                RobustBaseline.of(residuals));
        return StandardizedDeviation.judge(value, baseline.median(), baseline.score(value), baseline.scale(), k,
                criticalK, direction, basis(phase.length));
    }

    /** The baseline in an operator's words: "median of 4 past weeks at the same time of week". */
    private String basis(int periods) {
        if (period.equals(Duration.ofDays(7))) {
            return "median of " + periods + " past weeks at the same time of week";
        }
        if (period.equals(Duration.ofDays(1))) {
            return "median of " + periods + " past days at the same time of day";
        }
        String length = period.toHoursPart() == 0 && period.toMinutesPart() == 0 && period.toSecondsPart() == 0
                && period.toMillisPart() == 0 ? period.toDays() + " days"
                : period.toMinutesPart() == 0 && period.toSecondsPart() == 0 && period.toMillisPart() == 0
                        ? period.toHours() + " h" : period.toString();
        return "median of " + periods + " past periods of " + length + " at the same phase";
    }

    private double[] samePhase(NavigableMap<Long, Double> history, long windowStart, long periodMillis) {
        double[] sample = new double[seasons];
        int found = 0;
        for (int season = 1; season <= seasons; season++) {
            Double past = history.get(windowStart - season * periodMillis);
            if (past != null) {
                sample[found++] = past;
            }
        }
        return Arrays.copyOf(sample, found);
    }

    @Override
    public String explain(Detection detection, Direction direction, KpiLabel label) {
        return StandardizedDeviation.explain(detection, detection.value(), k, criticalK, "robust standard deviations",
                label);
    }

    @Override
    public String toString() {
        return "SeasonalBaselineDetector{period=" + period + ", seasons=" + seasons + ", minSeasons=" + minSeasons
                + ", scaleWindows=" + scaleWindows + ", k=" + k + ", criticalK=" + criticalK + '}';
    }
}
