package io.fulcrum.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final Detection BREACH = Detection.breach(Severity.WARNING, 1, 0, 1, "b");
    private static final Detection NORMAL = Detection.normal(0, 0, 0, "n");
    private static final Detection NO_HISTORY = Detection.insufficientHistory(0, 12, 3);

    @Test
    void hysteresisCountsConsecutiveWindowsAndIgnoresMissingHistory() {
        AlertLifecycle lifecycle = SeriesFixture.withoutFlapping(3, 2);
        AlertStatus s = AlertStatus.INITIAL;
        s = lifecycle.next(s, BREACH);
        s = lifecycle.next(s, NO_HISTORY);
        s = lifecycle.next(s, BREACH);
        assertThat(s.isOpen()).isFalse();
        assertThat(s.breachStreak()).isEqualTo(2);
        s = lifecycle.next(s, BREACH);
        assertThat(s.isOpen()).isTrue();
        assertThat(s.severity()).contains(Severity.WARNING);
        s = lifecycle.next(s, NORMAL);
        assertThat(s.isOpen()).isTrue();
        s = lifecycle.next(s, NORMAL);
        assertThat(s.isOpen()).isFalse();
        assertThat(s.severity()).isEmpty();
        assertThat(s.changes()).as("opened 2 windows ago, resolved now").isEqualTo(0b101L);
    }

    @Test
    void invalidSettingsNameKeyValueAndFix() {
        assertThatThrownBy(() -> AlertLifecycle.withDefaults().withOpenAfter(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lifecycle.openAfter = 0 is invalid: must be at least 1");
        assertThatThrownBy(() -> AlertLifecycle.withDefaults().withFlapping(5, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lifecycle.flapChanges = 6 exceeds lifecycle.flapWindow = 5: flapping could never be "
                        + "detected; lower flapChanges or raise flapWindow");
        assertThatThrownBy(() -> AlertPolicy.builder("otif").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KPI 'otif': direction is missing: set HIGHER_IS_BETTER, LOWER_IS_BETTER or "
                        + "CLOSER_TO_TARGET_IS_BETTER");
        assertThatThrownBy(() -> AlertPolicy.builder("otif").direction(Direction.HIGHER_IS_BETTER)
                .detector(RobustBaselineDetector.withDefaults()).detector(RobustBaselineDetector.withDefaults()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KPI 'otif': rule 'robust' configured twice: keep one detector per rule");
    }
}
