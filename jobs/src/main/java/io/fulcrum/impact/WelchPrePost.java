package io.fulcrum.impact;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Pre/post comparison of the treated series alone: effect = mean(post) - mean(pre), Welch's unequal-variance t
 * interval and two-sided p-value, with Welch-Satterthwaite degrees of freedom
 * {@code df = (s1²/n1 + s2²/n2)² / ((s1²/n1)²/(n1-1) + (s2²/n2)²/(n2-1))}.
 *
 * <p>Assumptions: pre and post values are independent draws around two levels; there is no common trend (a KPI
 * drifting for everyone is read as an effect: use the control-based estimators for that). Ramp-up periods are
 * already excluded by {@link Comparison}.
 *
 * <p>Reference: B. L. Welch (1947), Biometrika 34, 28-35.
 */
public final class WelchPrePost {

    private final ImpactOptions options;

    private WelchPrePost(ImpactOptions options) {
        this.options = options;
    }

    public static WelchPrePost with(ImpactOptions options) {
        return new WelchPrePost(options);
    }

    public Estimate estimate(Comparison c) {
        double[] y = c.treated();
        return estimate(Arrays.copyOfRange(y, 0, c.preCount()), Arrays.copyOfRange(y, c.preCount(), y.length));
    }

    /** Welch's comparison of {@code post} against {@code pre}; insufficient below the options' minimum sizes. */
    public Estimate estimate(double[] pre, double[] post) {
        double level = options.level();
        if (pre.length < options.minPrePeriods() || post.length < options.minPostPeriods()) {
            return Estimate.insufficient(ImpactMethod.PRE_POST_WELCH, level, pre.length, post.length, 0,
                    "needs " + options.minPrePeriods() + " pre- and " + options.minPostPeriods()
                            + " post-periods, has " + pre.length + " and " + post.length);
        }
        double effect = StatUtils.mean(post) - StatUtils.mean(pre);
        double vPre = StatUtils.variance(pre) / pre.length;
        double vPost = StatUtils.variance(post) / post.length;
        double se = Math.sqrt(vPre + vPost);
        if (se == 0) {
            // Both series constant: the difference is exact.
            return new Estimate(ImpactMethod.PRE_POST_WELCH, effect, 0, effect, effect, effect == 0 ? 1 : 0, level,
                    pre.length, post.length, 0, "");
        }
        double df = (vPre + vPost) * (vPre + vPost)
                / (vPre * vPre / (pre.length - 1) + vPost * vPost / (post.length - 1));
        TDistribution t = new TDistribution(null, df);
        double half = t.inverseCumulativeProbability(1 - (1 - level) / 2) * se;
        double p = 2 * t.cumulativeProbability(-Math.abs(effect / se));
        return new Estimate(ImpactMethod.PRE_POST_WELCH, effect, se, effect - half, effect + half, p, level,
                pre.length, post.length, 0, "");
    }
}
