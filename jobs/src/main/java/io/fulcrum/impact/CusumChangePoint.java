package io.fulcrum.impact;

import java.util.Optional;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.MathArrays;

/**
 * At-most-one-change CUSUM on the gap series {@code g_t = treated_t - mean_j(control_jt)} (the treated series alone
 * when there are no controls), so a trend common to all objects is not mistaken for a change:
 * {@code S_k = Σ_(t<k) (g_t - mean g)}; the change begins at {@code argmax_k |S_k|}; the statistic
 * {@code max_k |S_k|} is tested by permutation of the series ({@value #PERMUTATIONS} permutations, seeded), which
 * needs no noise estimate and is exact when the gaps are exchangeable under "no change".
 *
 * <p>Reference: E. S. Page (1954), Biometrika 41; permutation CUSUM: Antoch and Hušková (2001).
 */
public final class CusumChangePoint {

    static final int PERMUTATIONS = 999;

    private final ImpactOptions options;

    private CusumChangePoint(ImpactOptions options) {
        this.options = options;
    }

    public static CusumChangePoint with(ImpactOptions options) {
        return new CusumChangePoint(options);
    }

    /** The change point of {@code comparison}'s gap series, or none when it has fewer than 4 periods. */
    public Optional<ChangePoint> detect(Comparison comparison) {
        double[] gap = comparison.treated();
        if (gap.length < 4) {
            return Optional.empty();
        }
        double[][] controls = comparison.controls();
        if (controls.length > 0) {
            for (int t = 0; t < gap.length; t++) {
                double mean = 0;
                for (double[] c : controls) {
                    mean += c[t] / controls.length;
                }
                gap[t] -= mean;
            }
        }
        int k = argmaxAbsCusum(gap);
        double statistic = Math.abs(cusum(gap, k));
        RandomGenerator random = new MersenneTwister(options.seed());
        int[] order = MathArrays.natural(gap.length);
        double[] shuffled = new double[gap.length];
        int atLeast = 0;
        for (int b = 0; b < PERMUTATIONS; b++) {
            MathArrays.shuffle(order, random);
            for (int t = 0; t < gap.length; t++) {
                shuffled[t] = gap[order[t]];
            }
            if (Math.abs(cusum(shuffled, argmaxAbsCusum(shuffled))) >= statistic - 1e-12 * Math.abs(statistic)) {
                atLeast++;
            }
        }
        double pValue = (1.0 + atLeast) / (1.0 + PERMUTATIONS);
        long period = comparison.periods()[k];
        double before = 0;
        double after = 0;
        for (int t = 0; t < gap.length; t++) {
            if (t < k) {
                before += gap[t] / k;
            } else {
                after += gap[t] / (gap.length - k);
            }
        }
        boolean detected = pValue < 1 - options.level();
        return Optional.of(new ChangePoint(period, after - before, statistic, pValue, detected,
                detected && period < comparison.start()));
    }

    /** The k in 1..n-1 maximising |S_k|, S_k = Σ_(t<k)(x_t - mean x); the first such k on ties. */
    static int argmaxAbsCusum(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double s = 0;
        double best = -1;
        int bestK = 1;
        for (int k = 1; k < x.length; k++) {
            s += x[k - 1] - mean;
            if (Math.abs(s) > best + 1e-12 * Math.abs(best)) {
                best = Math.abs(s);
                bestK = k;
            }
        }
        return bestK;
    }

    static double cusum(double[] x, int k) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double s = 0;
        for (int t = 0; t < k; t++) {
            s += x[t] - mean;
        }
        return s;
    }
}
