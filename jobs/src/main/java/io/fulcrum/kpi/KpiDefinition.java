package io.fulcrum.kpi;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * A declarative KPI: which events it reads, for which business-object type, how it aggregates them per window, and
 * how to read its value (direction, target, thresholds). Immutable; built with {@link #builder()} or loaded from YAML
 * by {@link KpiDefinitionLoader}.
 *
 * <pre>{@code
 * KpiDefinition fillRate = KpiDefinition.builder()
 *     .id("fill_rate").name("Fill rate").unit("ratio").objectType("sku")
 *     .filter(EventFilter.of(Set.of("shipment_delivered"), List.of()))
 *     .aggregation(Aggregation.ratioOfMeasures("qty_delivered", "qty_ordered"))
 *     .window(KpiWindow.tumbling(Duration.ofHours(1))).allowedLateness(Duration.ofHours(2))
 *     .direction(Direction.HIGHER_IS_BETTER)
 *     .build();
 * }</pre>
 * Required: id, name, objectType, aggregation, window, direction. Defaults: description and unit empty, filter
 * {@link EventFilter#all()}, allowedLateness zero, no target, thresholds or rollup.
 */
public final class KpiDefinition implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Ids are used in topics, tables and file names: keep them to lower-case words joined by _ or -. */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9_\\-]*");

    private final String id;
    private final String name;
    private final String description;
    private final String unit;
    private final String objectType;
    private final EventFilter filter;
    private final Aggregation aggregation;
    private final KpiWindow window;
    private final Duration allowedLateness;
    private final Direction direction;
    private final Double target;
    private final Thresholds thresholds;
    private final Rollup rollup;

    private KpiDefinition(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.description = b.description;
        this.unit = b.unit;
        this.objectType = b.objectType;
        this.filter = b.filter;
        this.aggregation = b.aggregation;
        this.window = b.window;
        this.allowedLateness = b.allowedLateness;
        this.direction = b.direction;
        this.target = b.target;
        this.thresholds = b.thresholds;
        this.rollup = b.rollup;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String unit() {
        return unit;
    }

    /** The business-object type the KPI is computed for (the event's primary object or one of its related ones). */
    public String objectType() {
        return objectType;
    }

    public EventFilter filter() {
        return filter;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public KpiWindow window() {
        return window;
    }

    /** How long after a window's end late events still correct it (a new revision). */
    public Duration allowedLateness() {
        return allowedLateness;
    }

    public Direction direction() {
        return direction;
    }

    public OptionalDouble target() {
        return target == null ? OptionalDouble.empty() : OptionalDouble.of(target);
    }

    public Optional<Thresholds> thresholds() {
        return Optional.ofNullable(thresholds);
    }

    public Optional<Rollup> rollup() {
        return Optional.ofNullable(rollup);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KpiDefinition)) {
            return false;
        }
        KpiDefinition k = (KpiDefinition) o;
        return id.equals(k.id) && name.equals(k.name) && description.equals(k.description) && unit.equals(k.unit)
                && objectType.equals(k.objectType) && filter.equals(k.filter) && aggregation.equals(k.aggregation)
                && window.equals(k.window) && allowedLateness.equals(k.allowedLateness) && direction == k.direction
                && Objects.equals(target, k.target) && Objects.equals(thresholds, k.thresholds)
                && Objects.equals(rollup, k.rollup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, objectType, aggregation, window);
    }

    @Override
    public String toString() {
        return "KpiDefinition{" + id + ", objectType=" + objectType + ", " + aggregation + ", " + window
                + ", lateness=" + allowedLateness + ", " + filter + (rollup != null ? ", " + rollup : "") + '}';
    }

    /** Collects the fields of a {@link KpiDefinition}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String name;
        private String description = "";
        private String unit = "";
        private String objectType;
        private EventFilter filter = EventFilter.all();
        private Aggregation aggregation;
        private KpiWindow window;
        private Duration allowedLateness = Duration.ZERO;
        private Direction direction;
        private Double target;
        private Thresholds thresholds;
        private Rollup rollup;

        private Builder() {
        }

        public Builder id(String id) {
            if (id == null || !ID_PATTERN.matcher(id).matches()) {
                throw new IllegalArgumentException("KPI id '" + id + "' is not valid: use lower-case letters, digits,"
                        + " _ and -, starting with a letter (e.g. fill_rate)");
            }
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = requireText(name, "name");
            return this;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description can't be null");
            return this;
        }

        public Builder unit(String unit) {
            this.unit = Objects.requireNonNull(unit, "unit can't be null");
            return this;
        }

        public Builder objectType(String objectType) {
            this.objectType = requireText(objectType, "objectType");
            return this;
        }

        public Builder filter(EventFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter can't be null");
            return this;
        }

        public Builder aggregation(Aggregation aggregation) {
            this.aggregation = Objects.requireNonNull(aggregation, "aggregation can't be null");
            return this;
        }

        public Builder window(KpiWindow window) {
            this.window = Objects.requireNonNull(window, "window can't be null");
            return this;
        }

        public Builder allowedLateness(Duration allowedLateness) {
            Objects.requireNonNull(allowedLateness, "allowedLateness can't be null");
            if (allowedLateness.isNegative()) {
                throw new IllegalArgumentException("allowedLateness " + allowedLateness + " is negative: use 0s or more");
            }
            this.allowedLateness = allowedLateness;
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction can't be null");
            return this;
        }

        public Builder target(double target) {
            if (!Double.isFinite(target)) {
                throw new IllegalArgumentException("target " + target + " must be a finite number");
            }
            this.target = target;
            return this;
        }

        public Builder thresholds(Thresholds thresholds) {
            this.thresholds = Objects.requireNonNull(thresholds, "thresholds can't be null");
            return this;
        }

        public Builder rollup(Rollup rollup) {
            this.rollup = Objects.requireNonNull(rollup, "rollup can't be null");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first missing required field, or a rollup to the KPI's own
         *     object type
         */
        public KpiDefinition build() {
            require(id, "id");
            require(name, "name");
            require(objectType, "objectType");
            require(aggregation, "aggregation");
            require(window, "window");
            require(direction, "direction");
            if (rollup != null && rollup.objectType().equals(objectType)) {
                throw new IllegalArgumentException("KPI '" + id + "': rollup objectType '" + objectType
                        + "' is the KPI's own objectType: roll up to a higher level (e.g. sku -> category)");
            }
            return new KpiDefinition(this);
        }

        private void require(Object value, String field) {
            if (value == null) {
                throw new IllegalArgumentException("KPI '" + (id == null ? "?" : id) + "': required field '" + field
                        + "' is missing");
            }
        }

        private static String requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " can't be null or blank");
            }
            return value;
        }
    }
}
