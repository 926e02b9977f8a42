package io.fulcrum.kpi;

import java.io.Serializable;
import java.util.Objects;

/**
 * A higher level a KPI is also computed for, e.g. SKU -&gt; category: each event is counted once for the rollup
 * object whose id is the event's {@code attribute} (events without that attribute have no rollup object). The rollup
 * value is recomputed from the events, not averaged from object values, so ratios and quantiles stay exact.
 */
public final class Rollup implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String objectType;
    private final String attribute;

    private Rollup(String objectType, String attribute) {
        this.objectType = objectType;
        this.attribute = attribute;
    }

    public static Rollup to(String objectType, String attribute) {
        if (objectType == null || objectType.isBlank() || attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("rollup objectType and attribute can't be null or blank");
        }
        return new Rollup(objectType, attribute);
    }

    /** The business-object type of the rollup level (the {@code KpiValue}'s object type). */
    public String objectType() {
        return objectType;
    }

    /** The event attribute holding the rollup object's id. */
    public String attribute() {
        return attribute;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rollup && ((Rollup) o).objectType.equals(objectType)
                && ((Rollup) o).attribute.equals(attribute);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectType, attribute);
    }

    @Override
    public String toString() {
        return "Rollup{" + objectType + " via " + attribute + '}';
    }
}
