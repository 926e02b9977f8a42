package io.fulcrum.alert;

import io.fulcrum.alert.internal.Arguments;
import java.time.Duration;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.OptionalDouble;

/**
 * Static rule from the KPI definition: warning and critical thresholds (and a target for
 * {@link Direction#CLOSER_TO_TARGET_IS_BETTER}), read the KPI's way round. Needs no history.
 *
 * <ul>
 *   <li>{@code HIGHER_IS_BETTER}: breach when value &lt; threshold (critical &lt;= warning).</li>
 *   <li>{@code LOWER_IS_BETTER}: breach when value &gt; threshold (critical &gt;= warning).</li>
 *   <li>{@code CLOSER_TO_TARGET_IS_BETTER}: thresholds are distances from the target; breach when
 *       |value - target| &gt; threshold (0 &lt;= warning &lt;= critical).</li>
 * </ul>
 * A value exactly at a threshold does not breach it. At least one threshold must be set; the combination with the
 * KPI's direction is checked by {@link AlertPolicy.Builder#build()}.
 *
 * <p>Usage: {@code ThresholdDetector.none().withWarning(0.95).withCritical(0.90)}.
 */
public final class ThresholdDetector implements Detector {

    private static final long serialVersionUID = 1L;

    /** The rule name in alert ids. */
    public static final String RULE = "threshold";

    // NaN = not set: OptionalDouble is not Serializable and detectors travel inside Flink functions.
    private final double warningOrNaN;
    private final double criticalOrNaN;
    private final double targetOrNaN;

    private ThresholdDetector(double warningOrNaN, double criticalOrNaN, double targetOrNaN) {
        this.warningOrNaN = warningOrNaN;
        this.criticalOrNaN = criticalOrNaN;
        this.targetOrNaN = targetOrNaN;
    }

    /** A rule without thresholds yet; set at least one with {@link #withWarning} or {@link #withCritical}. */
    public static ThresholdDetector none() {
        return new ThresholdDetector(Double.NaN, Double.NaN, Double.NaN);
    }

    public ThresholdDetector withWarning(double threshold) {
        return new ThresholdDetector(Arguments.finite("threshold.warning", threshold), criticalOrNaN, targetOrNaN);
    }

    public ThresholdDetector withCritical(double threshold) {
        return new ThresholdDetector(warningOrNaN, Arguments.finite("threshold.critical", threshold), targetOrNaN);
    }

    public ThresholdDetector withTarget(double value) {
        return new ThresholdDetector(warningOrNaN, criticalOrNaN, Arguments.finite("threshold.target", value));
    }

    public OptionalDouble warning() {
        return optional(warningOrNaN);
    }

    public OptionalDouble critical() {
        return optional(criticalOrNaN);
    }

    public OptionalDouble target() {
        return optional(targetOrNaN);
    }

    private static OptionalDouble optional(double valueOrNaN) {
        return Double.isNaN(valueOrNaN) ? OptionalDouble.empty() : OptionalDouble.of(valueOrNaN);
    }

    /**
     * Checks the thresholds against the KPI's direction.
     *
     * @param kpiId names the KPI in the error
     * @throws IllegalArgumentException naming the KPI, the thresholds and the fix
     */
    void validate(String kpiId, Direction direction) {
        OptionalDouble warning = warning();
        OptionalDouble critical = critical();
        String where = "KPI '" + kpiId + "' (" + direction + "): ";
        if (warning.isEmpty() && critical.isEmpty()) {
            throw new IllegalArgumentException(where + "threshold rule has neither threshold.warning nor "
                    + "threshold.critical: set at least one, or drop the threshold rule");
        }
        if (direction == Direction.CLOSER_TO_TARGET_IS_BETTER) {
            if (target().isEmpty()) {
                throw new IllegalArgumentException(where + "threshold.target is missing: thresholds are distances "
                        + "from the target for this direction, so set threshold.target");
            }
            for (OptionalDouble t : new OptionalDouble[] {warning, critical}) {
                if (t.isPresent() && t.getAsDouble() < 0) {
                    throw new IllegalArgumentException(where + "threshold " + t.getAsDouble() + " is negative: "
                            + "thresholds are distances from the target, use values >= 0");
                }
            }
        }
        if (warning.isPresent() && critical.isPresent()) {
            double w = warning.getAsDouble();
            double c = critical.getAsDouble();
            boolean ordered = direction == Direction.HIGHER_IS_BETTER ? c <= w : c >= w;
            if (!ordered) {
                throw new IllegalArgumentException(where + "threshold.critical = " + c + " is on the good side of "
                        + "threshold.warning = " + w + ": critical must be "
                        + (direction == Direction.HIGHER_IS_BETTER ? "<=" : ">=") + " warning");
            }
        }
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Duration lookback(Duration windowSize) {
        return Duration.ZERO;
    }

    @Override
    public Detection evaluate(NavigableMap<Long, Double> history, long windowStart, Duration windowSize,
            double value, Direction direction) {
        OptionalDouble warning = warning();
        OptionalDouble critical = critical();
        OptionalDouble target = target();
        double measured = direction == Direction.CLOSER_TO_TARGET_IS_BETTER
                ? Math.abs(value - target.orElseThrow())
                : value;
        // For CLOSER_TO_TARGET the measured distance grows the bad way, like a LOWER_IS_BETTER value.
        boolean higherIsBetter = direction == Direction.HIGHER_IS_BETTER;
        String measure = direction == Direction.CLOSER_TO_TARGET_IS_BETTER
                ? "distance from target " + target.getAsDouble() + " = " + measured
                : "value " + value;
        double nearest = warning.isPresent() ? warning.getAsDouble() : critical.getAsDouble();
        Detection detection;
        if (critical.isPresent() && beyond(measured, critical.getAsDouble(), higherIsBetter)) {
            detection = Detection.breach(Severity.CRITICAL, value, critical.getAsDouble(), measured,
                    describe(measure, "critical", critical.getAsDouble(), higherIsBetter));
        } else if (warning.isPresent() && beyond(measured, warning.getAsDouble(), higherIsBetter)) {
            detection = Detection.breach(Severity.WARNING, value, warning.getAsDouble(), measured,
                    describe(measure, "warning", warning.getAsDouble(), higherIsBetter));
        } else {
            detection = Detection.normal(value, nearest, measured,
                    String.format(Locale.ROOT, "%s within threshold %s", measure, nearest));
        }
        // The normal band is bounded by the first threshold on the adverse side.
        switch (direction) {
            case HIGHER_IS_BETTER:
                return detection.withBand(nearest, Double.NaN);
            case LOWER_IS_BETTER:
                return detection.withBand(Double.NaN, nearest);
            default:
                return detection.withBand(target.getAsDouble() - nearest, target.getAsDouble() + nearest);
        }
    }

    @Override
    public String explain(Detection detection, Direction direction, KpiLabel label) {
        // A breach names the threshold it crossed; a normal window the first one on the adverse side.
        String level = detection.severity().map(s -> s == Severity.CRITICAL ? "critical" : "warning")
                .orElse(warning().isPresent() ? "warning" : "critical");
        double threshold = detection.expected();
        if (direction == Direction.CLOSER_TO_TARGET_IS_BETTER) {
            double target = target().orElseThrow();
            double off = detection.value() - target;
            String where = off == 0 ? "on the target " + label.value(target)
                    : label.value(Math.abs(off)) + (off > 0 ? " above" : " below") + " the target " + label.value(target);
            return where + (detection.isBreach() ? ", beyond" : ", within") + " the " + level + " tolerance "
                    + label.value(threshold);
        }
        boolean higherIsBetter = direction == Direction.HIGHER_IS_BETTER;
        String side = detection.isBreach()
                ? (higherIsBetter ? "below" : "above")
                : (higherIsBetter ? "not below" : "not above");
        return side + " the " + level + " threshold " + label.value(threshold);
    }

    private static boolean beyond(double measured, double threshold, boolean higherIsBetter) {
        return higherIsBetter ? measured < threshold : measured > threshold;
    }

    private static String describe(String measure, String level, double threshold, boolean higherIsBetter) {
        return measure + (higherIsBetter ? " below " : " above ") + level + " threshold " + threshold;
    }

    @Override
    public String toString() {
        return "ThresholdDetector{warning=" + warning() + ", critical=" + critical() + ", target=" + target() + '}';
    }
}
