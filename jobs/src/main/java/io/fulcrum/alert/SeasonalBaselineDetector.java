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
 * daily windows), by the modified z-score against their median and MAD (see {@link RobustBaseline}).
 *
 * <p>Defaults ({@link #withDefaults()}): period = 7 days, seasons = 4, minSeasons = 3, k = 3.5, criticalK = 5.
 * The period must be a whole number of windows (checked on evaluation, since the window size comes with the
 * KPI). With fewer than {@code minSeasons} past values at the same phase the detector answers
 * {@link Detection.Outcome#INSUFFICIENT_HISTORY}.
 */
public final class SeasonalBaselineDetector implements Detector {

    private static final long serialVersionUID = 1L;

    /** The rule name in alert ids. */
    public static final String RULE = "seasonal";

    private final Duration period;
    private final int seasons;
    private final int minSeasons;
    private final double k;
    private final double criticalK;

    private SeasonalBaselineDetector(Duration period, int seasons, int minSeasons, double k, double criticalK) {
        this.period = period;
        this.seasons = seasons;
        this.minSeasons = minSeasons;
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
        return new SeasonalBaselineDetector(Duration.ofDays(7), 4, 3, 3.5, 5.0);
    }

    public SeasonalBaselineDetector withPeriod(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("seasonal.period = " + period + " is invalid: use a positive duration "
                    + "such as P7D (weekly) or P1D (daily)");
        }
        return new SeasonalBaselineDetector(period, seasons, minSeasons, k, criticalK);
    }

    /** Sets how many past periods form the baseline; lowers minSeasons to it if needed. */
    public SeasonalBaselineDetector withSeasons(int seasons) {
        Arguments.atLeast("seasonal.seasons", seasons, 2);
        return new SeasonalBaselineDetector(period, seasons, Math.min(minSeasons, seasons), k, criticalK);
    }

    public SeasonalBaselineDetector withMinSeasons(int minSeasons) {
        return new SeasonalBaselineDetector(period, seasons, Arguments.atLeast("seasonal.minSeasons", minSeasons, 2),
                k, criticalK);
    }

    public SeasonalBaselineDetector withK(double k) {
        return new SeasonalBaselineDetector(period, seasons, minSeasons, Arguments.positiveFinite("seasonal.k", k),
                criticalK);
    }

    public SeasonalBaselineDetector withCriticalK(double criticalK) {
        return new SeasonalBaselineDetector(period, seasons, minSeasons, k,
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
        return period.multipliedBy(seasons);
    }

    @Override
    public Detection evaluate(NavigableMap<Long, Double> history, long windowStart, Duration windowSize,
            double value, Direction direction) {
        long periodMillis = period.toMillis();
        if (periodMillis % windowSize.toMillis() != 0) {
            throw new IllegalArgumentException("seasonal.period = " + period + " is not a whole number of windows of "
                    + windowSize + ": use a period that is a multiple of the KPI's window size");
        }
        double[] sample = new double[seasons];
        int found = 0;
        for (int season = 1; season <= seasons; season++) {
            Double past = history.get(windowStart - season * periodMillis);
            if (past != null) {
                sample[found++] = past;
            }
        }
        if (found < minSeasons) {
            return Detection.insufficientHistory(value, minSeasons, found);
        }
        double[] used = Arrays.copyOf(sample, found);
        RobustBaseline baseline = RobustBaseline.of(used);
        return StandardizedDeviation.judge(value, baseline.median(), baseline.score(value), baseline.scale(), k, criticalK, direction,
                "median of the same phase in " + found + " past periods of " + period);
    }

    @Override
    public String toString() {
        return "SeasonalBaselineDetector{period=" + period + ", seasons=" + seasons + ", minSeasons=" + minSeasons
                + ", k=" + k + ", criticalK=" + criticalK + '}';
    }
}
