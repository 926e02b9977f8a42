package io.fulcrum.impact;

import org.apache.commons.math3.stat.StatUtils;

/**
 * Difference-in-differences with uniform weights:
 * {@code (mean_post(treated) - mean_pre(treated)) - (mean_post(controls) - mean_pre(controls))}, where control means
 * are over all controls and periods. On a balanced panel this equals the two-way fixed-effects regression estimate.
 *
 * <p>Assumption: parallel trends, the treated series would have moved like the control average without the
 * initiative. Reference: Arkhangelsky et al. (2021), AER 111(12), eq. (2).
 */
public final class DifferenceInDifferences implements PointEstimator {

    @Override
    public double estimate(double[] treated, double[][] controls, int preCount, int treatedObjects) {
        double controlPre = 0;
        double controlPost = 0;
        for (double[] c : controls) {
            controlPre += StatUtils.mean(c, 0, preCount);
            controlPost += StatUtils.mean(c, preCount, c.length - preCount);
        }
        return StatUtils.mean(treated, preCount, treated.length - preCount) - StatUtils.mean(treated, 0, preCount)
                - (controlPost - controlPre) / controls.length;
    }
}
