package io.fulcrum.impact;

import io.fulcrum.impact.internal.SimplexLeastSquares;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Synthetic difference-in-differences (Arkhangelsky, Athey, Hirshberg, Imbens, Wager 2021, AER 111(12), Algorithm 1):
 *
 * <ul>
 *   <li>unit weights ω on the simplex with a free intercept, minimising
 *       {@code Σ_t (ω0 + Σ_j ω_j Y_jt - Ytr_t)² / T0 + ζ² ||ω||²} over pre-periods t, with
 *       {@code ζ = (N_tr · T_post)^(1/4) · σ} and σ the standard deviation of first differences of the controls
 *       in the pre-period;
 *   <li>time weights λ on the simplex with a free intercept, minimising
 *       {@code Σ_j (λ0 + Σ_t λ_t Y_jt - mean_post(Y_j))² / N_co + (1e-6 σ)² ||λ||²} over controls j;
 *   <li>effect = {@code (mean_post(Ytr) - λ·Ytr_pre) - Σ_j ω_j (mean_post(Y_j) - λ·Y_j,pre)}.
 * </ul>
 *
 * <p>The weights are the exact optima (see {@link SimplexLeastSquares}); the synthdid R package stops Frank-Wolfe
 * early and sparsifies, which moves the Proposition 99 estimate by a few hundredths (-15.6 published).
 */
public final class SyntheticDifferenceInDifferences implements PointEstimator {

    @Override
    public double estimate(double[] treated, double[][] controls, int preCount, int treatedObjects) {
        int n0 = controls.length;
        int postCount = treated.length - preCount;
        double noise = SyntheticControl.noiseLevel(controls, preCount);
        double zetaOmega = Math.pow((double) treatedObjects * postCount, 0.25) * noise;
        double zetaLambda = SyntheticControl.RIDGE_SCALE * noise;

        double[][] byPeriod = new double[preCount][n0];
        double[][] byControl = new double[n0][preCount];
        double[] controlPost = new double[n0];
        for (int j = 0; j < n0; j++) {
            for (int t = 0; t < preCount; t++) {
                byPeriod[t][j] = controls[j][t];
                byControl[j][t] = controls[j][t];
            }
            controlPost[j] = StatUtils.mean(controls[j], preCount, postCount);
        }
        double[] omega = SimplexLeastSquares.solve(byPeriod, java.util.Arrays.copyOf(treated, preCount),
                zetaOmega * zetaOmega, true);
        double[] lambda = SimplexLeastSquares.solve(byControl, controlPost, zetaLambda * zetaLambda, true);

        double treatedGap = StatUtils.mean(treated, preCount, postCount) - dot(lambda, treated);
        double controlGap = 0;
        for (int j = 0; j < n0; j++) {
            controlGap += omega[j] * (controlPost[j] - dot(lambda, controls[j]));
        }
        return treatedGap - controlGap;
    }

    /** λ · the first λ.length values of {@code series} (its pre-period). */
    private static double dot(double[] lambda, double[] series) {
        double sum = 0;
        for (int t = 0; t < lambda.length; t++) {
            sum += lambda[t] * series[t];
        }
        return sum;
    }
}
