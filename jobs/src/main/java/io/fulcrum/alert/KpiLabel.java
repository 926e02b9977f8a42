package io.fulcrum.alert;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.Set;

/**
 * How a KPI is named and its values are written in the sentences alerts carry: the KPI definition's display
 * name and unit. Immutable.
 *
 * <p>Values are written with at most 4 significant digits (no exponent, no trailing zeros: 0.7134 -> "0.7134",
 * 0.80 -> "0.8", 52.4567 -> "52.46") followed by the unit, except for the dimensionless units {@code ""},
 * {@code "ratio"} and {@code "fraction"}, whose values read better bare ("0.71", not "0.71 ratio").
 * Statistical quantities (scores, multiples of a spread) are written with 3 significant digits and no unit.
 */
public final class KpiLabel implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Set<String> DIMENSIONLESS = Set.of("", "ratio", "fraction");
    private static final MathContext VALUE_DIGITS = new MathContext(4);
    private static final MathContext STATISTIC_DIGITS = new MathContext(3);

    private final String name;
    private final String unit;

    private KpiLabel(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    /**
     * @param name the KPI's display name, e.g. "OTIF"
     * @param unit the unit of its values, e.g. "h"; empty for none
     * @throws IllegalArgumentException when the name is blank
     */
    public static KpiLabel of(String name, String unit) {
        Objects.requireNonNull(name, "name can't be null");
        Objects.requireNonNull(unit, "unit can't be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("KPI name is blank: give the KPI a display name (or use its id)");
        }
        return new KpiLabel(name.strip(), unit.strip());
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    /** A KPI value (or a difference of values) with the unit. */
    public String value(double value) {
        String number = round(value, VALUE_DIGITS);
        return DIMENSIONLESS.contains(unit) ? number : number + " " + unit;
    }

    /** A unitless statistic, such as a score or a multiple of the spread. */
    public static String statistic(double value) {
        return round(value, STATISTIC_DIGITS);
    }

    private static String round(double value, MathContext digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(digits).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KpiLabel && name.equals(((KpiLabel) o).name) && unit.equals(((KpiLabel) o).unit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, unit);
    }

    @Override
    public String toString() {
        return "KpiLabel{name='" + name + "', unit='" + unit + "'}";
    }
}
