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
        report.estimates().forEach(System.out::println);
        System.out.println(report.changePoint() + " " + report.warnings());
    }

    @Test
    void differenceInDifferencesMatchesThePublishedValue() {
        Estimate did = report.estimate(ImpactMethod.DIFFERENCE_IN_DIFFERENCES);
        assertThat(did.effect()).isCloseTo(-27.3, within(0.1));
        assertThat(did.prePeriods()).isEqualTo(19);
        assertThat(did.postPeriods()).isEqualTo(12);
        assertThat(did.controls()).isEqualTo(38);
    }

    @Test
    void syntheticControlIsWithinOneOfThePublishedValue() {
        assertThat(report.estimate(ImpactMethod.SYNTHETIC_CONTROL).effect()).isCloseTo(-19.6, within(1.0));
    }

    @Test
    void syntheticDifferenceInDifferencesIsWithinOneOfThePublishedValue() {
        assertThat(report.estimate(ImpactMethod.SYNTHETIC_DID).effect()).isCloseTo(-15.6, within(1.0));
    }
}
