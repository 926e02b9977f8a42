package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.run;
import static io.fulcrum.alert.SeriesFixture.step;
import static io.fulcrum.alert.SeriesFixture.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ThresholdDetectorTest {

    private static Detection eval(ThresholdDetector d, Direction direction, double value) {
        return d.evaluate(new TreeMap<>(), 0, HOUR, value, direction);
    }

    @Test
    void higherIsBetterBreachesBelowThresholdsAndNotAtThem() {
        ThresholdDetector otif = ThresholdDetector.none().withWarning(0.95).withCritical(0.90);
        assertThat(eval(otif, Direction.HIGHER_IS_BETTER, 0.95).outcome()).isEqualTo(Detection.Outcome.NORMAL);
        assertThat(eval(otif, Direction.HIGHER_IS_BETTER, 0.94).severity()).contains(Severity.WARNING);
        assertThat(eval(otif, Direction.HIGHER_IS_BETTER, 0.90).severity()).contains(Severity.WARNING);
        assertThat(eval(otif, Direction.HIGHER_IS_BETTER, 0.89).severity()).contains(Severity.CRITICAL);
        Detection critical = eval(otif, Direction.HIGHER_IS_BETTER, 0.5);
        assertThat(critical.expected()).isEqualTo(0.90);
        assertThat(critical.lower()).isEqualTo(0.95);
        assertThat(critical.upper()).isNaN();
        assertThat(critical.reason()).isEqualTo("value 0.5 below critical threshold 0.9");
    }

    @Test
    void lowerIsBetterBreachesAboveThresholds() {
        ThresholdDetector leadTime = ThresholdDetector.none().withWarning(48).withCritical(72);
        assertThat(eval(leadTime, Direction.LOWER_IS_BETTER, 48).isBreach()).isFalse();
        assertThat(eval(leadTime, Direction.LOWER_IS_BETTER, 49).severity()).contains(Severity.WARNING);
        assertThat(eval(leadTime, Direction.LOWER_IS_BETTER, 73).severity()).contains(Severity.CRITICAL);
        assertThat(eval(leadTime, Direction.LOWER_IS_BETTER, 1).isBreach()).isFalse();
    }

    @Test
    void closerToTargetMeasuresDistanceOnBothSides() {
        ThresholdDetector adherence = ThresholdDetector.none().withTarget(1.0).withWarning(0.05).withCritical(0.10);
        assertThat(eval(adherence, Direction.CLOSER_TO_TARGET_IS_BETTER, 1.04).isBreach()).isFalse();
        assertThat(eval(adherence, Direction.CLOSER_TO_TARGET_IS_BETTER, 0.93).severity()).contains(Severity.WARNING);
        assertThat(eval(adherence, Direction.CLOSER_TO_TARGET_IS_BETTER, 1.07).severity()).contains(Severity.WARNING);
        assertThat(eval(adherence, Direction.CLOSER_TO_TARGET_IS_BETTER, 1.20).severity()).contains(Severity.CRITICAL);
        Detection d = eval(adherence, Direction.CLOSER_TO_TARGET_IS_BETTER, 1.0);
        assertThat(d.lower()).isEqualTo(0.95);
        assertThat(d.upper()).isEqualTo(1.05);
    }

    @Test
    void onlyACriticalThresholdIsEnough() {
        ThresholdDetector d = ThresholdDetector.none().withCritical(0.9);
        assertThat(eval(d, Direction.HIGHER_IS_BETTER, 0.91).isBreach()).isFalse();
        assertThat(eval(d, Direction.HIGHER_IS_BETTER, 0.89).severity()).contains(Severity.CRITICAL);
    }

    @Test
    void lifecycleOnAHandBuiltSeries() {
        // OTIF per hour; open after 2 breaching windows, resolve after 3 normal ones.
        AlertPolicy policy = AlertPolicy.builder("otif").direction(Direction.HIGHER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(0.95).withCritical(0.90))
                .lifecycle(SeriesFixture.withoutFlapping(2, 3)).build();
        //                        0     1     2     3     4     5     6     7     8     9     10    11    12
        List<AlertEvent> events = run(policy, HOUR,
                0.99, 0.94, 0.99, 0.94, 0.93, 0.85, 0.94, 0.97, 0.98, 0.93, 0.96, 0.97, 0.99);
        assertThat(steps(events, HOUR)).containsExactly(
                step(AlertState.OPENED, Severity.WARNING, 4, 1),
                step(AlertState.UPDATED, Severity.CRITICAL, 5, 2),
                step(AlertState.UPDATED, Severity.WARNING, 6, 3),
                step(AlertState.RESOLVED, Severity.WARNING, 12, 4));
        assertThat(events).extracting(AlertEvent::alertId).containsOnly(
                AlertEvent.alertId("threshold", "otif", "sku", "SKU-1"));
        assertThat(events.get(3).openedAt()).isEqualTo(events.get(0).at());
        assertThat(events.get(3).resolvedAt()).contains(events.get(3).windowEnd());
    }

    @Test
    void thresholdsContradictingTheDirectionFailAtBuild() {
        assertThatThrownBy(() -> AlertPolicy.builder("otif").direction(Direction.HIGHER_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(0.90).withCritical(0.95)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KPI 'otif' (HIGHER_IS_BETTER): threshold.critical = 0.95 is on the good side of "
                        + "threshold.warning = 0.9: critical must be <= warning");
        assertThatThrownBy(() -> AlertPolicy.builder("adherence").direction(Direction.CLOSER_TO_TARGET_IS_BETTER)
                .detector(ThresholdDetector.none().withWarning(0.05)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold.target is missing");
        assertThatThrownBy(() -> AlertPolicy.builder("otif").direction(Direction.HIGHER_IS_BETTER)
                .detector(ThresholdDetector.none()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither threshold.warning nor threshold.critical");
    }
}
