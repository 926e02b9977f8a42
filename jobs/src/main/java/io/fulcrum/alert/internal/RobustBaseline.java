package io.fulcrum.alert.internal;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Median and robust scale of a sample, and the modified z-score of a value against them.
 *
 * <p>Formula (Iglewicz and Hoaglin, "How to Detect and Handle Outliers", 1993): scale = 1.4826 * MAD where
 * MAD = median(|x_i - median(x)|), so that scale estimates the standard deviation of normal data; the score of
 * y is (y - median) / scale. When more than half the sample is identical, MAD is 0; the scale then falls back to
 * 1.2533 * mean(|x_i - median|) (the same convention as IBM's modified z-score). When that is 0 too (a constant
 * series), any departure from the median scores +/- infinity and equality scores 0.
 */
public final class RobustBaseline {

    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double MEAN_AD_TO_SIGMA = 1.2533;

    private final double median;
    private final double scale;

    private RobustBaseline(double median, double scale) {
        this.median = median;
        this.scale = scale;
    }

    /**
     * @param sample at least one finite value; not modified
     * @throws IllegalArgumentException if the sample is empty
     */
    public static RobustBaseline of(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("sample is empty: a robust baseline needs at least one value");
        }
        Median medianOf = new Median();
        double median = medianOf.evaluate(sample);
        double[] absoluteDeviations = Arrays.stream(sample).map(x -> Math.abs(x - median)).toArray();
        double mad = medianOf.evaluate(absoluteDeviations);
        double scale = mad > 0
                ? MAD_TO_SIGMA * mad
                : MEAN_AD_TO_SIGMA * Arrays.stream(absoluteDeviations).average().orElse(0);
        return new RobustBaseline(median, scale);
    }

    /** A baseline at {@code median} with the spread of {@code spread} (for example a pooled residual scale). */
    public static RobustBaseline centeredAt(double median, RobustBaseline spread) {
        return new RobustBaseline(median, spread.scale);
    }

    public double median() {
        return median;
    }

    public double scale() {
        return scale;
    }

    /** The modified z-score of {@code value}; see the class comment for a zero scale. */
    public double score(double value) {
        double deviation = value - median;
        if (scale > 0) {
            return deviation / scale;
        }
        return deviation == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, deviation);
    }
}
