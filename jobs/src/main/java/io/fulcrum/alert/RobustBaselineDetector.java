package io.fulcrum.alert;

import io.fulcrum.alert.internal.Arguments;
import io.fulcrum.alert.internal.RobustBaseline;
import io.fulcrum.alert.internal.StandardizedDeviation;
import java.time.Duration;
import java.util.NavigableMap;

/**
 * Robust anomaly: the window's modified z-score against the median and MAD of the last {@code windows} windows
 * (see {@link RobustBaseline} for the formula). Breaches on the adverse side when |score| &gt; {@code k}, critical
 * when |score| &gt; {@code criticalK}.
 *
 * <p>Defaults ({@link #withDefaults()}): windows = 48 (two days of hourly windows), minWindows = 24, k = 3.5 (the
 * outlier cut-off Iglewicz and Hoaglin recommend), criticalK = 5. With 24 windows the MAD is unstable enough that
 * noise alone opened alerts in the benchmark (precision 0.88 on the spike scenario, 0.998 with 48).
 *
 * <p>The baseline takes the windows that started within {@code windows * windowSize} before the evaluated one, so a
 * gap in the series shrinks the sample instead of reaching further back; with fewer than {@code minWindows} of them
 * the detector answers {@link Detection.Outcome#INSUFFICIENT_HISTORY}.
 */
public final class RobustBaselineDetector implements Detector {

    private static final long serialVersionUID = 1L;

    /** The rule name in alert ids. */
    public static final String RULE = "robust";

    private final int windows;
    private final int minWindows;
    private final double k;
    private final double criticalK;

    private RobustBaselineDetector(int windows, int minWindows, double k, double criticalK) {
        this.windows = windows;
        this.minWindows = minWindows;
        this.k = k;
        this.criticalK = criticalK;
        if (minWindows > windows) {
            throw new IllegalArgumentException("robust.minWindows = " + minWindows + " exceeds robust.windows = "
                    + windows + ": lower minWindows or raise windows");
        }
        if (criticalK < k) {
            throw new IllegalArgumentException("robust.criticalK = " + criticalK + " is below robust.k = " + k
                    + ": criticalK must be >= k");
        }
    }

    public static RobustBaselineDetector withDefaults() {
        return new RobustBaselineDetector(48, 24, 3.5, 5.0);
    }

    /** Sets the baseline length; lowers minWindows to it if needed. */
    public RobustBaselineDetector withWindows(int windows) {
        Arguments.atLeast("robust.windows", windows, 3);
        return new RobustBaselineDetector(windows, Math.min(minWindows, windows), k, criticalK);
    }

    public RobustBaselineDetector withMinWindows(int minWindows) {
        return new RobustBaselineDetector(windows, Arguments.atLeast("robust.minWindows", minWindows, 3), k, criticalK);
    }

    public RobustBaselineDetector withK(double k) {
        return new RobustBaselineDetector(windows, minWindows, Arguments.positiveFinite("robust.k", k), criticalK);
    }

    public RobustBaselineDetector withCriticalK(double criticalK) {
        return new RobustBaselineDetector(windows, minWindows, k, Arguments.positiveFinite("robust.criticalK", criticalK));
    }

    public int windows() {
        return windows;
    }

    public int minWindows() {
        return minWindows;
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
        return windowSize.multipliedBy(windows);
    }

    @Override
    public Detection evaluate(NavigableMap<Long, Double> history, long windowStart, Duration windowSize,
            double value, Direction direction) {
        long from = windowStart - windowSize.toMillis() * windows;
        double[] sample = history.subMap(from, true, windowStart, false).values().stream()
                .mapToDouble(Double::doubleValue).toArray();
        if (sample.length < minWindows) {
            return Detection.insufficientHistory(value, minWindows, sample.length);
        }
        RobustBaseline baseline = RobustBaseline.of(sample);
        return StandardizedDeviation.judge(value, baseline.median(), baseline.score(value), baseline.scale(), k, criticalK, direction,
                "median of " + sample.length + " past windows");
    }

    @Override
    public String explain(Detection detection, Direction direction, KpiLabel label) {
        return StandardizedDeviation.explain(detection, detection.value(), k, criticalK, "robust standard deviations",
                label);
    }

    @Override
    public String toString() {
        return "RobustBaselineDetector{windows=" + windows + ", minWindows=" + minWindows + ", k=" + k
                + ", criticalK=" + criticalK + '}';
    }
}
