package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WelchPrePostTest {

    private static final ImpactOptions SMALL = ImpactOptions.defaults().withMinPrePeriods(2).withMinPostPeriods(2);

    @Test
    void matchesScipyWelchTest() {
        // Hand: means 2 and 6.5, variances 1 and 5/3, se = sqrt(1/3 + 5/12) = sqrt(0.75).
        // scipy 1.17.1 stats.ttest_ind([5,6,7,8], [1,2,3], equal_var=False): t = 5.196152422706632,
        // p = 0.003562063385422034, df = 4.959183673469389; t.ppf(0.975, df) gives the interval.
        Estimate e = WelchPrePost.with(SMALL).estimate(new double[] {1, 2, 3}, new double[] {5, 6, 7, 8});
        assertThat(e.method()).isEqualTo(ImpactMethod.PRE_POST_WELCH);
        assertThat(e.effect()).isCloseTo(4.5, within(1e-12));
        assertThat(e.standardError()).isCloseTo(Math.sqrt(0.75), within(1e-12));
        assertThat(e.pValue()).isCloseTo(0.003562063385422034, within(1e-9));
        assertThat(e.lower()).isCloseTo(2.2682885186612123, within(1e-8));
        assertThat(e.upper()).isCloseTo(6.731711481338788, within(1e-8));
        assertThat(e.prePeriods()).isEqualTo(3);
        assertThat(e.postPeriods()).isEqualTo(4);
        assertThat(e.cumulativeEffect()).isCloseTo(18.0, within(1e-12));
        assertThat(e.verdict(Direction.HIGHER_IS_BETTER)).isEqualTo(Verdict.IMPROVING);
        assertThat(e.verdict(Direction.LOWER_IS_BETTER)).isEqualTo(Verdict.WORSENING);
    }

    @Test
    void tooFewPeriodsIsInsufficientData() {
        Estimate e = WelchPrePost.with(ImpactOptions.defaults()).estimate(new double[] {1, 2, 3}, new double[] {5, 6});
        assertThat(e.isSufficient()).isFalse();
        assertThat(e.insufficientReason()).isEqualTo("needs 8 pre- and 4 post-periods, has 3 and 2");
        assertThat(e.effect()).isNaN();
        assertThat(e.verdict(Direction.HIGHER_IS_BETTER)).isEqualTo(Verdict.INSUFFICIENT_DATA);
    }
}
