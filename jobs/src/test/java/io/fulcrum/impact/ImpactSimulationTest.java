package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulated panels with a known injected effect (fixed seeds): 95% intervals must cover the truth in 90-99% of 200
 * panels, and on panels without effect at most 7% of verdicts may be "improving" or "worsening".
 *
 * <p>Two generating processes, each matching the assumptions its estimators state:
 * <ul>
 *   <li>control-based methods: {@code y_it = α_i + β_t + τ·D_it + ε_it}, 20 controls with α ~ U(0, 10), the treated
 *       object α = 5 (inside the controls' range, as synthetic control assumes), β_t a Gaussian random walk (a trend
 *       common to all objects), ε ~ N(0, 1), 12 pre- and 8 post-periods;
 *   <li>pre/post Welch (no controls, so no common trend allowed): {@code y_t = 5 + τ·D_t + ε_t}.
 * </ul>
 */
class ImpactSimulationTest {

    private static final int PANELS = 200;
    private static final int CONTROLS = 20;
    private static final int PRE = 12;
    private static final int POST = 8;
    private static final double EFFECT = 2.0;

    private static final Map<ImpactMethod, Integer> covered = new EnumMap<>(ImpactMethod.class);
    private static final Map<ImpactMethod, Integer> falseVerdicts = new EnumMap<>(ImpactMethod.class);

    @BeforeAll
    static void simulate() {
        ImpactAnalysis analysis = ImpactAnalysis.with(ImpactOptions.defaults());
        RandomGenerator random = new MersenneTwister(20261127L);
        for (int i = 0; i < PANELS; i++) {
            count(analysis.analyse(panel(random, EFFECT, true), design()), r -> covers(r, EFFECT), covered);
            count(analysis.analyse(panel(random, 0, true), design()), ImpactSimulationTest::hasVerdict, falseVerdicts);
        }
        // Welch comes from its own process without a common trend.
        covered.remove(ImpactMethod.PRE_POST_WELCH);
        falseVerdicts.remove(ImpactMethod.PRE_POST_WELCH);
        for (int i = 0; i < PANELS; i++) {
            Estimate e = analysis.analyse(panel(random, EFFECT, false), design()).estimate(ImpactMethod.PRE_POST_WELCH);
            covered.merge(ImpactMethod.PRE_POST_WELCH, covers(e, EFFECT) ? 1 : 0, Integer::sum);
            Estimate n = analysis.analyse(panel(random, 0, false), design()).estimate(ImpactMethod.PRE_POST_WELCH);
            falseVerdicts.merge(ImpactMethod.PRE_POST_WELCH, hasVerdict(n) ? 1 : 0, Integer::sum);
        }
        System.out.println("covered of " + PANELS + ": " + covered + "; false verdicts: " + falseVerdicts);
    }

    private static void count(ImpactReport report, java.util.function.Predicate<Estimate> test,
            Map<ImpactMethod, Integer> counts) {
        for (Estimate e : report.estimates()) {
            counts.merge(e.method(), test.test(e) ? 1 : 0, Integer::sum);
        }
    }

    private static boolean covers(Estimate e, double truth) {
        return e.lower() <= truth && truth <= e.upper();
    }

    private static boolean hasVerdict(Estimate e) {
        Verdict v = e.verdict(Direction.HIGHER_IS_BETTER);
        return v == Verdict.IMPROVING || v == Verdict.WORSENING;
    }

    private static ImpactDesign design() {
        return ImpactDesign.builder().treated("treated").start(PRE).build();
    }

    private static Panel panel(RandomGenerator random, double effect, boolean commonTrend) {
        double[] beta = new double[PRE + POST];
        for (int t = 1; t < beta.length; t++) {
            beta[t] = commonTrend ? beta[t - 1] + random.nextGaussian() : 0;
        }
        Panel.Builder b = Panel.builder();
        for (int t = 0; t < PRE + POST; t++) {
            b.put("treated", t, 5 + beta[t] + (t >= PRE ? effect : 0) + random.nextGaussian());
        }
        for (int j = 0; j < CONTROLS; j++) {
            double alpha = 10 * random.nextDouble();
            for (int t = 0; t < PRE + POST; t++) {
                b.put("control-" + j, t, alpha + beta[t] + random.nextGaussian());
            }
        }
        return b.build();
    }

    @Test
    void intervalsCoverTheInjectedEffectNinetyToNinetyNinePercentOfTheTime() {
        for (ImpactMethod m : ImpactMethod.values()) {
            assertThat(covered.get(m)).as("%s panels covering %s", m, EFFECT).isBetween(180, 198);
        }
    }

    @Test
    void withoutEffectAtMostSevenPercentOfVerdictsClaimOne() {
        for (ImpactMethod m : ImpactMethod.values()) {
            assertThat(falseVerdicts.get(m)).as("%s improving/worsening on null panels", m).isLessThanOrEqualTo(14);
        }
    }
}
