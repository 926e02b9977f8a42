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
    /**
     * Stop when the duality gap (a bound on how far the objective is above its minimum) is below this fraction of the
     * current objective, or below {@link #ABSOLUTE_GAP} of the objective at uniform weights when the fit is exact.
     */
    private static final double RELATIVE_GAP = 1e-8;
    private static final double ABSOLUTE_GAP = 1e-14;
    private static final int GAP_CHECK_EVERY = 10;

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
        removeRowMeans(x, y);
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
        double floor = ABSOLUTE_GAP * objectiveAndGradient(x, y, eta, w, residual, gradient);
        double momentum = 1;
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            objectiveAndGradient(x, y, eta, z, residual, gradient);
            for (int j = 0; j < m; j++) {
                next[j] = z[j] - gradient[j] / lipschitz;
            }
            projectOntoSimplex(next);
            // Restart the momentum when the step and the gradient mapping disagree (O'Donoghue and Candès, eq. 12).
            double restartTest = 0;
            for (int j = 0; j < m; j++) {
                restartTest += (z[j] - next[j]) * (next[j] - w[j]);
            }
            double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            double beta = (momentum - 1) / nextMomentum;
            if (restartTest > 0) {
                nextMomentum = 1;
                beta = 0;
            }
            for (int j = 0; j < m; j++) {
                z[j] = next[j] + beta * (next[j] - w[j]);
            }
            System.arraycopy(next, 0, w, 0, m);
            momentum = nextMomentum;
            if (iteration % GAP_CHECK_EVERY == 0 && converged(x, y, eta, w, residual, gradient, floor)) {
                return w;
            }
        }
        return w;
    }

    /** f(w) = ||x w - y||² / n + eta ||w||²; writes the residual and the gradient at w. */
    private static double objectiveAndGradient(double[][] x, double[] y, double eta, double[] w, double[] residual,
            double[] gradient) {
        int n = y.length;
        int m = w.length;
        double f = 0;
        for (int i = 0; i < n; i++) {
            double r = -y[i];
            for (int j = 0; j < m; j++) {
                r += x[i][j] * w[j];
            }
            residual[i] = r;
            f += r * r / n;
        }
        for (int j = 0; j < m; j++) {
            double g = 0;
            for (int i = 0; i < n; i++) {
                g += x[i][j] * residual[i];
            }
            gradient[j] = 2 * g / n + 2 * eta * w[j];
            f += eta * w[j] * w[j];
        }
        return f;
    }

    /**
     * Whether the Frank-Wolfe duality gap {@code g·w - min_j g_j} at w, an upper bound of {@code f(w) - f*} for a convex f on
     * the simplex, is small: a stopping rule on the objective, which stays meaningful when the optimal weights are not unique.
     */
    private static boolean converged(double[][] x, double[] y, double eta, double[] w, double[] residual,
            double[] gradient, double floor) {
        double f = objectiveAndGradient(x, y, eta, w, residual, gradient);
        double gw = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < w.length; j++) {
            gw += gradient[j] * w[j];
            min = Math.min(min, gradient[j]);
        }
        return gw - min <= Math.max(RELATIVE_GAP * f, floor);
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

    /**
     * Subtracts each row's mean over the columns from that row and from y. Exact on the simplex, since
     * (A - v 1ᵀ) w - (y - v) = A w - y when Σ w = 1; it removes the level the columns share (e.g. a KPI around 100),
     * whose large singular value would otherwise force tiny steps (4x fewer iterations for synthetic control on
     * Proposition 99).
     */
    private static void removeRowMeans(double[][] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            double mean = 0;
            for (double v : x[i]) {
                mean += v / x[i].length;
            }
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] -= mean;
            }
            y[i] -= mean;
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
