package io.fulcrum.alert;

import io.fulcrum.alert.internal.Arguments;
import io.fulcrum.kpi.KpiDefinition;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Alerting parameters of one KPI: its direction, the detectors to run on each object's series, the lifecycle and
 * how many past windows a late revision may still re-evaluate. Immutable; built with {@link #builder(String)}.
 *
 * <p>This is the seam to the KPI definition: the pipeline builds one policy per {@code KpiDefinition} (direction,
 * target and thresholds map onto {@link ThresholdDetector}).
 *
 * <pre>{@code
 * AlertPolicy otif = AlertPolicy.builder("otif")
 *     .direction(Direction.HIGHER_IS_BETTER)
 *     .detector(ThresholdDetector.none().withWarning(0.95).withCritical(0.90))
 *     .detector(RobustBaselineDetector.withDefaults())
 *     .build();
 * }</pre>
 *
 * <p>Defaults: lifecycle {@link AlertLifecycle#withDefaults()}, revisionHorizon = 24 windows, guardrail on.
 */
public final class AlertPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String kpiId;
    private final KpiLabel label;
    private final Direction direction;
    private final List<Detector> detectors;
    private final AlertLifecycle lifecycle;
    private final int revisionHorizon;
    private final boolean guardrail;

    private AlertPolicy(Builder b) {
        this.kpiId = b.kpiId;
        this.label = b.label;
        this.direction = b.direction;
        this.detectors = List.copyOf(b.detectors);
        this.lifecycle = b.lifecycle;
        this.revisionHorizon = b.revisionHorizon;
        this.guardrail = b.guardrail;
    }

    public static Builder builder(String kpiId) {
        return new Builder(kpiId);
    }

    /**
     * Starts a policy from a KPI definition: its id, name and unit (for the sentences alerts carry), direction, a threshold rule from its thresholds (if any),
     * and a revision horizon that covers its allowed lateness (at least the default 24 windows). Add anomaly
     * detectors and lifecycle settings on the returned builder.
     */
    public static Builder builder(KpiDefinition definition) {
        Builder b = new Builder(definition.id()).label(KpiLabel.of(definition.name(), definition.unit())).direction(
                definition.direction() == io.fulcrum.kpi.Direction.HIGHER_IS_BETTER
                        ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER);
        definition.thresholds().ifPresent(t ->
                b.detector(ThresholdDetector.none().withWarning(t.warning()).withCritical(t.critical())));
        long slide = definition.window().slideMillis();
        long lateWindows = (definition.allowedLateness().toMillis() + slide - 1) / slide + 1;
        return b.revisionHorizon((int) Math.min(10_000, Math.max(24, lateWindows)));
    }

    public String kpiId() {
        return kpiId;
    }

    /** The KPI's name and unit as alerts write them; default: the KPI id, no unit. */
    public KpiLabel label() {
        return label;
    }

    public Direction direction() {
        return direction;
    }

    /** In evaluation order; rule names are unique. */
    public List<Detector> detectors() {
        return detectors;
    }

    public AlertLifecycle lifecycle() {
        return lifecycle;
    }

    /** How many of the latest windows a late revision can still re-evaluate (older revisions only feed baselines). */
    public int revisionHorizon() {
        return revisionHorizon;
    }

    /** Whether an initiative whose impact verdict on this KPI turns worsening raises an alert. */
    public boolean guardrail() {
        return guardrail;
    }

    /** The longest history any detector needs, for windows of the given size. */
    public Duration lookback(Duration windowSize) {
        return detectors.stream().map(d -> d.lookback(windowSize)).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        return "AlertPolicy{kpiId='" + kpiId + "', label=" + label + ", direction=" + direction + ", detectors=" + detectors
                + ", lifecycle=" + lifecycle + ", revisionHorizon=" + revisionHorizon + ", guardrail=" + guardrail + '}';
    }

    /** Builder of {@link AlertPolicy}; {@link #build()} checks the combination. */
    public static final class Builder {
        private final String kpiId;
        private KpiLabel label;
        private Direction direction;
        private final List<Detector> detectors = new ArrayList<>();
        private AlertLifecycle lifecycle = AlertLifecycle.withDefaults();
        private int revisionHorizon = 24;
        private boolean guardrail = true;

        private Builder(String kpiId) {
            Objects.requireNonNull(kpiId, "kpiId can't be null");
            if (kpiId.isBlank()) {
                throw new IllegalArgumentException("kpiId is blank: name the KPI the policy is for");
            }
            this.kpiId = kpiId;
            this.label = KpiLabel.of(kpiId, "");
        }

        public Builder label(KpiLabel label) {
            this.label = Objects.requireNonNull(label, "label can't be null");
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction can't be null");
            return this;
        }

        public Builder detector(Detector detector) {
            detectors.add(Objects.requireNonNull(detector, "detector can't be null"));
            return this;
        }

        public Builder lifecycle(AlertLifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle can't be null");
            return this;
        }

        public Builder revisionHorizon(int windows) {
            this.revisionHorizon = Arguments.atLeast("revisionHorizon", windows, 1);
            return this;
        }

        public Builder guardrail(boolean enabled) {
            this.guardrail = enabled;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the KPI and the fix when the direction is missing, no rule is
         *     enabled, two detectors share a rule name, or thresholds contradict the direction
         */
        public AlertPolicy build() {
            if (direction == null) {
                throw new IllegalArgumentException("KPI '" + kpiId + "': direction is missing: set HIGHER_IS_BETTER, "
                        + "LOWER_IS_BETTER or CLOSER_TO_TARGET_IS_BETTER");
            }
            if (detectors.isEmpty() && !guardrail) {
                throw new IllegalArgumentException("KPI '" + kpiId + "': no detector and guardrail off, so nothing can "
                        + "alert: add a detector or enable the guardrail");
            }
            Set<String> rules = new HashSet<>();
            for (Detector d : detectors) {
                if (!rules.add(d.rule())) {
                    throw new IllegalArgumentException("KPI '" + kpiId + "': rule '" + d.rule() + "' configured twice: "
                            + "keep one detector per rule");
                }
                if (d instanceof ThresholdDetector) {
                    ((ThresholdDetector) d).validate(kpiId, direction);
                }
            }
            return new AlertPolicy(this);
        }
    }
}
