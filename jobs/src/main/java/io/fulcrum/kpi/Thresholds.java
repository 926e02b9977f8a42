package io.fulcrum.kpi;

import java.io.Serializable;
import java.util.Objects;

/**
 * Alert levels of a KPI. For a higher-is-better KPI a value below {@code warning} warns and below {@code critical}
 * is critical (so critical &lt;= warning); mirrored for lower-is-better. Read by the alert engine.
 */
public final class Thresholds implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double warning;
    private final double critical;

    private Thresholds(double warning, double critical) {
        this.warning = warning;
        this.critical = critical;
    }

    /** @throws IllegalArgumentException when a level is not finite or the order contradicts {@code direction} */
    public static Thresholds of(double warning, double critical, Direction direction) {
        if (!Double.isFinite(warning) || !Double.isFinite(critical)) {
            throw new IllegalArgumentException("thresholds must be finite numbers, got warning " + warning
                    + " and critical " + critical);
        }
        if (direction == Direction.HIGHER_IS_BETTER && critical > warning) {
            throw new IllegalArgumentException("critical " + critical + " is above warning " + warning
                    + " for a higher-is-better KPI: critical must be the lower level");
        }
        if (direction == Direction.LOWER_IS_BETTER && critical < warning) {
            throw new IllegalArgumentException("critical " + critical + " is below warning " + warning
                    + " for a lower-is-better KPI: critical must be the higher level");
        }
        return new Thresholds(warning, critical);
    }

    public double warning() {
        return warning;
    }

    public double critical() {
        return critical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds && Double.compare(((Thresholds) o).warning, warning) == 0
                && Double.compare(((Thresholds) o).critical, critical) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(warning, critical);
    }

    @Override
    public String toString() {
        return "Thresholds{warning=" + warning + ", critical=" + critical + '}';
    }
}
