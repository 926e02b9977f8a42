package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SyntheticControlTest {

    @Test
    void recoversExactConvexWeightsAndTheEffect() {
        // Hand: the treated pre-period (2, 2, 4) = 0.5 c1 + 0.5 c2, the only solution since the pre-period vectors
        // of c1, c2, c3 are linearly independent (determinant 40); post: 0.5 (4, 5) + 0.5 (6, 7) + 3 = (8, 9).
        double[] treated = {2, 2, 4, 8, 9};
        double[][] controls = {{1, 2, 3, 4, 5}, {3, 2, 5, 6, 7}, {10, 10, 10, 10, 10}};
        SyntheticControl sc = new SyntheticControl();
        assertThat(sc.weights(treated, controls, 3)).containsExactly(new double[] {0.5, 0.5, 0}, within(1e-6));
        assertThat(sc.estimate(treated, controls, 3, 1)).isCloseTo(3.0, within(1e-5));
    }

    @Test
    void syntheticDifferenceInDifferencesIsExactOnParallelSeries() {
        // Hand: every series is its own level plus the same path p; the intercepts absorb the levels, so any weights
        // fit exactly and the estimate is the injected 2.5 (unlike SC, whose treated level 50 is outside the hull).
        double[] p = {0, 1, 3, 2, 5, 6};
        double[] levels = {1, 4, 7, 9};
        double[][] controls = new double[levels.length][p.length];
        double[] treated = new double[p.length];
        for (int t = 0; t < p.length; t++) {
            for (int j = 0; j < levels.length; j++) {
                controls[j][t] = levels[j] + p[t];
            }
            treated[t] = 50 + p[t] + (t >= 4 ? 2.5 : 0);
        }
        assertThat(new SyntheticDifferenceInDifferences().estimate(treated, controls, 4, 1)).isCloseTo(2.5, within(1e-6));
        assertThat(new DifferenceInDifferences().estimate(treated, controls, 4, 1)).isCloseTo(2.5, within(1e-12));
        // SC cannot reach level 50 with convex weights: all weight on the highest control, bias 50 - 9 = 41.
        assertThat(new SyntheticControl().estimate(treated, controls, 4, 1)).isCloseTo(41 + 2.5, within(1e-6));
    }
}
