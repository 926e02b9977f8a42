package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch estimates on California's Proposition 99 against Arkhangelsky, Athey, Hirshberg, Imbens, Wager (2021),
 * AER 111(12), Table 1: DiD -27.3, synthetic control -19.6, synthetic DiD -15.6 packs per capita.
 */
class Prop99ValidationTest {

    private static ImpactReport report;

    @BeforeAll
    static void analyse() {
        report = ImpactAnalysis.with(ImpactOptions.defaults()).analyse(Prop99.panel(), Prop99.design());
    }

    @Test
    void differenceInDifferencesMatchesThePublishedValue() {
        Estimate did = report.estimate(ImpactMethod.DIFFERENCE_IN_DIFFERENCES);
        assertThat(did.effect()).isCloseTo(-27.3, within(0.1));
        // An independent numpy computation of the same formula: -27.349111083614964.
        assertThat(did.effect()).isCloseTo(-27.349111083614964, within(1e-9));
        assertThat(did.prePeriods()).isEqualTo(19);
        assertThat(did.postPeriods()).isEqualTo(12);
        assertThat(did.controls()).isEqualTo(38);
    }

    @Test
    void syntheticControlIsWithinOneOfThePublishedValue() {
        assertThat(report.estimate(ImpactMethod.SYNTHETIC_CONTROL).effect()).isCloseTo(-19.6, within(1.0));
        // numpy, 20000 FISTA steps on the same objective: -19.5155 (weights not unique in their last digits).
        assertThat(report.estimate(ImpactMethod.SYNTHETIC_CONTROL).effect()).isCloseTo(-19.5155, within(0.01));
    }

    @Test
    void syntheticDifferenceInDifferencesIsWithinOneOfThePublishedValue() {
        assertThat(report.estimate(ImpactMethod.SYNTHETIC_DID).effect()).isCloseTo(-15.6, within(1.0));
        // numpy, 20000 FISTA steps on the same regularised objectives: -15.605398.
        assertThat(report.estimate(ImpactMethod.SYNTHETIC_DID).effect()).isCloseTo(-15.605398, within(1e-4));
    }

    @Test
    void theShiftBeganAtTheStartSoThereIsNoWarning() {
        ChangePoint cp = report.changePoint().orElseThrow();
        assertThat(cp.period()).isEqualTo(1989);
        assertThat(cp.detected()).isTrue();
        assertThat(report.warnings()).isEmpty();
    }
}
