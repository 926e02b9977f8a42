package io.fulcrum.impact;

import io.fulcrum.impact.internal.SimplexLeastSquares;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Synthetic control: control weights {@code w >= 0, sum w = 1} minimising the pre-period squared distance between the
 * treated series and the weighted controls (no intercept, a tiny ridge {@code (1e-6 · noise)²} only to make the
 * optimum unique); effect = mean over post-periods of {@code treated - Σ w_j control_j}.
 *
 * <p>This is the {@code sc_estimate} of the synthdid R package (Arkhangelsky et al. 2021), which reports -19.6 on
 * California's Proposition 99. Assumption: the treated series lies within the convex hull of the controls before
 * the start. Reference: Abadie, Diamond, Hainmueller (2010), JASA 105(490).
 */
public final class SyntheticControl implements PointEstimator {

    static final double RIDGE_SCALE = 1e-6;

    @Override
    public double estimate(double[] treated, double[][] controls, int preCount, int treatedObjects) {
        double[] w = weights(treated, controls, preCount);
        double sum = 0;
        for (int t = preCount; t < treated.length; t++) {
            double synthetic = 0;
            for (int j = 0; j < controls.length; j++) {
                synthetic += w[j] * controls[j][t];
            }
            sum += treated[t] - synthetic;
        }
        return sum / (treated.length - preCount);
    }

    /** The control weights fitted on the pre-period, in the order of {@code controls}. */
    public double[] weights(double[] treated, double[][] controls, int preCount) {
        double[][] a = new double[preCount][controls.length];
        for (int t = 0; t < preCount; t++) {
            for (int j = 0; j < controls.length; j++) {
                a[t][j] = controls[j][t];
            }
        }
        double zeta = RIDGE_SCALE * noiseLevel(controls, preCount);
        return SimplexLeastSquares.solve(a, java.util.Arrays.copyOf(treated, preCount), zeta * zeta, false);
    }

    /**
     * Sample standard deviation (n - 1) of all first differences of the control series within the pre-period: the
     * noise level synthdid scales its regularisation with.
     */
    static double noiseLevel(double[][] controls, int preCount) {
        int perControl = Math.max(0, preCount - 1);
        double[] differences = new double[controls.length * perControl];
        int k = 0;
        for (double[] c : controls) {
            for (int t = 1; t < preCount; t++) {
                differences[k++] = c[t] - c[t - 1];
            }
        }
        return differences.length < 2 ? 0 : Math.sqrt(StatUtils.variance(differences));
    }
}
