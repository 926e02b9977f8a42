package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Difference-in-differences and its placebo standard error on a panel small enough to work by hand. */
class PlaceboInferenceTest {

    private static final ImpactOptions SMALL =
            ImpactOptions.defaults().withMinPrePeriods(2).withMinPostPeriods(2).withMinControls(3);

    /** Periods 0, 1 before the start 2; every series is flat before and after, so each DiD is a difference of jumps. */
    private static Panel panel() {
        Panel.Builder b = Panel.builder();
        double[][] levels = {{0, 10}, {0, 1}, {0, 2}, {0, 6}}; // treated jumps 10, controls 1, 2, 6
        String[] names = {"treated", "c1", "c2", "c3"};
        for (int o = 0; o < names.length; o++) {
            for (int t = 0; t < 4; t++) {
                b.put(names[o], t, levels[o][t < 2 ? 0 : 1]);
            }
        }
        return b.build();
    }

    @Test
    void differenceInDifferencesWithLeaveOneOutPlaceboStandardError() {
        Comparison c = Comparison.of(panel(), ImpactDesign.builder().treated("treated").start(2).build());
        Estimate e = PlaceboInference.with(SMALL).estimate(ImpactMethod.DIFFERENCE_IN_DIFFERENCES,
                new DifferenceInDifferences(), c);
        // Hand: DiD = 10 - (1 + 2 + 6) / 3 = 7. Placebos: c1: 1 - 4 = -3, c2: 2 - 3.5 = -1.5, c3: 6 - 1.5 = 4.5;
        // mean 0, se = sqrt((9 + 2.25 + 20.25) / 3) = sqrt(10.5).
        // scipy 1.17.1: 2 * t.sf(7 / sqrt(10.5), 2) = 0.1633399734659245, t.ppf(0.975, 2) * sqrt(10.5) = 13.942188328401507.
        assertThat(e.effect()).isCloseTo(7.0, within(1e-12));
        assertThat(e.standardError()).isCloseTo(Math.sqrt(10.5), within(1e-12));
        assertThat(e.pValue()).isCloseTo(0.1633399734659245, within(1e-9));
        assertThat(e.lower()).isCloseTo(7 - 13.942188328401507, within(1e-8));
        assertThat(e.upper()).isCloseTo(7 + 13.942188328401507, within(1e-8));
        assertThat(e.controls()).isEqualTo(3);
        assertThat(e.verdict(Direction.HIGHER_IS_BETTER)).isEqualTo(Verdict.NO_DETECTABLE_EFFECT);
    }

    @Test
    void tooFewControlsIsInsufficientData() {
        Comparison c = Comparison.of(panel(), ImpactDesign.builder().treated("treated").start(2)
                .controls(java.util.List.of("c1", "c2")).build());
        Estimate e = PlaceboInference.with(SMALL).estimate(ImpactMethod.DIFFERENCE_IN_DIFFERENCES,
                new DifferenceInDifferences(), c);
        assertThat(e.isSufficient()).isFalse();
        assertThat(e.insufficientReason()).isEqualTo("needs 2 pre-, 2 post-periods and 3 controls, has 2, 2 and 2");
    }
}
