package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CusumChangePointTest {

    /** Six zeros then four tens at periods 0..9, no controls. */
    private static Panel stepPanel() {
        Panel.Builder b = Panel.builder();
        for (int t = 0; t < 10; t++) {
            b.put("line-4", t, t < 6 ? 0 : 10);
        }
        return b.build();
    }

    @Test
    void findsTheStepAndWarnsWhenItBeganBeforeTheStart() {
        Comparison c = Comparison.of(stepPanel(), ImpactDesign.builder().treated("line-4").start(8).build());
        ChangePoint cp = CusumChangePoint.with(ImpactOptions.defaults()).detect(c).orElseThrow();
        // Hand: mean 4, S_6 = 6 (0 - 4) = -24 is the largest |S_k|; shift 10 - 0.
        // Under permutation only the 2 of C(10, 4) = 210 orders with the tens together at an end reach 24:
        // p ≈ (1 + 999 · 2/210) / 1000 ≈ 0.0105.
        assertThat(cp.period()).isEqualTo(6);
        assertThat(cp.statistic()).isCloseTo(24.0, within(1e-12));
        assertThat(cp.shift()).isCloseTo(10.0, within(1e-12));
        assertThat(cp.pValue()).isBetween(0.002, 0.025);
        assertThat(cp.detected()).isTrue();
        assertThat(cp.beganBeforeStart()).isTrue();

        ImpactReport report = ImpactAnalysis.with(ImpactOptions.defaults()).analyse(stepPanel(),
                ImpactDesign.builder().treated("line-4").start(8).build());
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("The shift of 10.0 began at period 6, before the start 8");
    }

    @Test
    void aStepAtTheStartIsNoWarning() {
        Comparison c = Comparison.of(stepPanel(), ImpactDesign.builder().treated("line-4").start(6).build());
        ChangePoint cp = CusumChangePoint.with(ImpactOptions.defaults()).detect(c).orElseThrow();
        assertThat(cp.period()).isEqualTo(6);
        assertThat(cp.beganBeforeStart()).isFalse();
    }

    @Test
    void aFlatSeriesHasNoDetectedChange() {
        Panel.Builder b = Panel.builder();
        double[] noise = {0.3, -0.1, 0.2, -0.4, 0.1, 0.0, -0.2, 0.4, -0.3, 0.1};
        for (int t = 0; t < noise.length; t++) {
            b.put("x", t, noise[t]);
        }
        ChangePoint cp = CusumChangePoint.with(ImpactOptions.defaults())
                .detect(Comparison.of(b.build(), ImpactDesign.builder().treated("x").start(5).build())).orElseThrow();
        assertThat(cp.detected()).isFalse();
        assertThat(cp.beganBeforeStart()).isFalse();
    }
}
