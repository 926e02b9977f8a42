package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fulcrum.impact.internal.SimplexLeastSquares;
import org.junit.jupiter.api.Test;

class SimplexLeastSquaresTest {

    @Test
    void interiorOptimumEqualsTheUnconstrainedLeastSquaresSolution() {
        // Hand: with A = I (2 x 2) and b = (0.7, 0.3) the unconstrained optimum w = b already sums to 1.
        double[] w = SimplexLeastSquares.solve(new double[][] {{1, 0}, {0, 1}}, new double[] {0.7, 0.3}, 0, false);
        assertThat(w).containsExactly(new double[] {0.7, 0.3}, within(1e-7));
    }

    @Test
    void optimumOnTheBoundaryIsTheProjection() {
        // Hand: A = I (3 x 3), b = (2, 0, 0): min ||w - b||² on the simplex is the projection of b, (1, 0, 0).
        double[] w = SimplexLeastSquares.solve(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                new double[] {2, 0, 0}, 0, false);
        assertThat(w).containsExactly(new double[] {1, 0, 0}, within(1e-7));
    }

    @Test
    void ridgeAloneGivesUniformWeights() {
        // Hand: identical columns make the fit indifferent; the ridge term eta ||w||² is smallest at w = 1/m.
        double[][] a = {{1, 1, 1}, {2, 2, 2}};
        double[] w = SimplexLeastSquares.solve(a, new double[] {5, 1}, 0.1, false);
        assertThat(w).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-7));
    }

    @Test
    void interceptAbsorbsALevelShift() {
        // Hand: b = 0.25 c1 + 0.75 c2 + 40; with an intercept the shift costs nothing, so the weights are exact.
        double[][] a = {{1, 5}, {3, 2}, {0, 4}, {2, 2}};
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            b[i] = 0.25 * a[i][0] + 0.75 * a[i][1] + 40;
        }
        assertThat(SimplexLeastSquares.solve(a, b, 0, true)).containsExactly(new double[] {0.25, 0.75}, within(1e-6));
    }
}
