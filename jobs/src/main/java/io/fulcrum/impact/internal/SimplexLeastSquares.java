package io.fulcrum.impact.internal;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Solves {@code min_w ||A w - b||² / n + eta ||w||²} subject to {@code w >= 0, sum(w) = 1}, optionally with a free
 * intercept (columns of A and b centred first), for A of n rows (observations) and m columns (weights).
 *
 * <p>Written here because Commons Math 3 has no quadratic programming solver with an equality constraint on the
 * simplex (its SimplexSolver is linear, BOBYQA/CMA-ES handle bounds only). The problem is small (m = control objects,
 * n = pre-periods) and smooth, so accelerated projected gradient (FISTA with adaptive restart, Beck and Teboulle
 * 2009; O'Donoghue and Candès 2015) with the sort-based projection onto the simplex (Duchi et al. 2008) converges to
 * the unique optimum when eta &gt; 0 and to an optimum otherwise. The step is 1/L with L = 2 (σ_max(A)²/n + eta),
 * σ_max from Commons Math's SVD.
 */
public final class SimplexLeastSquares {

    private static final int MAX_ITERATIONS = 100_000;
    private static final double TOLERANCE = 1e-12;

    private SimplexLeastSquares() {}

    /**
     * @param a n x m matrix, row-major; not modified
     * @param b n values; not modified
     * @param eta ridge penalty, 0 or more
     * @param intercept whether a free constant is fitted (centre columns and b)
     * @return the m weights
     */
    public static double[] solve(double[][] a, double[] b, double eta, boolean intercept) {
        int n = b.length;
        int m = a[0].length;
        double[][] x = new double[n][];
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            x[i] = a[i].clone();
        }
        if (intercept) {
            centre(x, y);
        }
        double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(x, false)).getNorm();
        double lipschitz = 2 * (sigma * sigma / n + eta);
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        if (lipschitz == 0) {
            return w;
        }
        double[] z = w.clone();
        double[] residual = new double[n];
        double[] gradient = new double[m];
        double[] next = new double[m];
        double momentum = 1;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            for (int i = 0; i < n; i++) {
                double r = -y[i];
                for (int j = 0; j < m; j++) {
                    r += x[i][j] * z[j];
                }
                residual[i] = r;
            }
            for (int j = 0; j < m; j++) {
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += x[i][j] * residual[i];
                }
                gradient[j] = 2 * g / n + 2 * eta * z[j];
                next[j] = z[j] - gradient[j] / lipschitz;
            }
            projectOntoSimplex(next);
            double change = 0;
            double restartTest = 0;
            for (int j = 0; j < m; j++) {
                change = Math.max(change, Math.abs(next[j] - w[j]));
                restartTest += gradient[j] * (next[j] - w[j]);
            }
            double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            if (restartTest > 0) {
                // The momentum points uphill: restart from the last iterate (adaptive restart).
                nextMomentum = 1;
                System.arraycopy(w, 0, z, 0, m);
                System.arraycopy(next, 0, w, 0, m);
            } else {
                double beta = (momentum - 1) / nextMomentum;
                for (int j = 0; j < m; j++) {
                    z[j] = next[j] + beta * (next[j] - w[j]);
                }
                System.arraycopy(next, 0, w, 0, m);
            }
            momentum = nextMomentum;
            if (change < TOLERANCE) {
                break;
            }
        }
        return w;
    }

    private static void centre(double[][] x, double[] y) {
        int n = y.length;
        int m = x[0].length;
        double yMean = 0;
        for (double v : y) {
            yMean += v / n;
        }
        for (int i = 0; i < n; i++) {
            y[i] -= yMean;
        }
        for (int j = 0; j < m; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i][j] / n;
            }
            for (int i = 0; i < n; i++) {
                x[i][j] -= mean;
            }
        }
    }

    /** Euclidean projection onto {w >= 0, sum w = 1}, in place (Duchi et al. 2008, Fig. 1). */
    static void projectOntoSimplex(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double cumulative = 0;
        double theta = 0;
        for (int k = 1; k <= sorted.length; k++) {
            double u = sorted[sorted.length - k];
            cumulative += u;
            double candidate = (cumulative - 1) / k;
            if (u - candidate > 0) {
                theta = candidate;
            }
        }
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.max(v[j] - theta, 0);
        }
    }
}
