package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void excludesRampUpAveragesTheTreatedGroupAndDropsControlsWithGaps() {
        Panel.Builder b = Panel.builder();
        for (int t = 0; t < 6; t++) {
            b.put("a", t, t).put("b", t, 10 + t).put("c", t, 100);
            if (t != 4) {
                b.put("gappy", t, 1); // missing in a post-period
            }
        }
        ImpactDesign design = ImpactDesign.builder().treated("a", "b").start(2).rampUpPeriods(1).build();
        Comparison c = Comparison.of(b.build(), design);
        assertThat(c.periods()).containsExactly(0, 1, 3, 4, 5); // period 2 is ramp-up
        assertThat(c.preCount()).isEqualTo(2);
        assertThat(c.postCount()).isEqualTo(3);
        assertThat(c.treated()).containsExactly(5, 6, 8, 9, 10); // (t + 10 + t) / 2
        assertThat(c.treatedObjects()).isEqualTo(2);
        assertThat(c.controlObjects()).containsExactly("c");
        assertThat(c.droppedControls()).containsExactly("gappy");
    }

    @Test
    void anAbsentTreatedObjectLeavesNoPeriods() {
        Panel panel = Panel.builder().put("c", 1, 1.0).build();
        Comparison c = Comparison.of(panel, ImpactDesign.builder().treated("new-lane").start(1).build());
        assertThat(c.periods()).isEmpty();
        assertThat(ImpactAnalysis.with(ImpactOptions.defaults()).analyse(panel,
                ImpactDesign.builder().treated("new-lane").start(1).build()).estimates())
                .allSatisfy(e -> assertThat(e.verdict(Direction.HIGHER_IS_BETTER))
                        .isEqualTo(Verdict.INSUFFICIENT_DATA));
    }

    @Test
    void designRejectsAnObjectThatIsBothTreatedAndControl() {
        assertThatThrownBy(() -> ImpactDesign.builder().treated("S-17").controls(List.of("S-17", "S-18")).start(5).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Objects [S-17] are both treated and controls; remove them from the controls");
    }

    @Test
    void panelRejectsARepeatedCell() {
        assertThatThrownBy(() -> Panel.builder().put("W2", 3, 1.0).put("W2", 3, 2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Object 'W2' has two values at period 3 (1.0 and 2.0); keep one row per object and period");
    }

    @Test
    void verdictReadsTheIntervalInTheDirection() {
        assertThat(Verdict.of(0.5, 2, Direction.HIGHER_IS_BETTER)).isEqualTo(Verdict.IMPROVING);
        assertThat(Verdict.of(0.5, 2, Direction.LOWER_IS_BETTER)).isEqualTo(Verdict.WORSENING);
        assertThat(Verdict.of(-2, -0.5, Direction.LOWER_IS_BETTER)).isEqualTo(Verdict.IMPROVING);
        assertThat(Verdict.of(-2, -0.5, Direction.HIGHER_IS_BETTER)).isEqualTo(Verdict.WORSENING);
        assertThat(Verdict.of(-0.5, 2, Direction.HIGHER_IS_BETTER)).isEqualTo(Verdict.NO_DETECTABLE_EFFECT);
        assertThat(Verdict.of(Double.NaN, Double.NaN, Direction.HIGHER_IS_BETTER))
                .isEqualTo(Verdict.INSUFFICIENT_DATA);
    }
}
