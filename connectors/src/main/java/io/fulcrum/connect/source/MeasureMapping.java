package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A numeric fact of an event: read from a field (a number, or a boolean as 1/0), multiplied by {@code scale}
 * (e.g. 1/3600 for seconds to hours). A record without the field gets the default, or no such measure when there
 * is none; a field that holds something else than a number makes the record unmappable.
 */
public final class MeasureMapping implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final FieldPath field;
  private final double scale;
  private final boolean hasDefault;
  private final double defaultValue;

  /**
   * @param defaultValue the value when the field is absent (null or missing), or null for none
   */
  public MeasureMapping(String name, FieldPath field, double scale, Double defaultValue) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("measure name '" + name + "' is blank: name it, e.g. 'quantity_delivered'");
    }
    if (!Double.isFinite(scale) || scale == 0) {
      throw new IllegalArgumentException("scale " + scale + " of measure '" + name + "' is not a finite non-zero "
          + "factor: write e.g. 0.001 or 'seconds->hours'");
    }
    if (defaultValue != null && !Double.isFinite(defaultValue)) {
      throw new IllegalArgumentException("default " + defaultValue + " of measure '" + name + "' is not finite");
    }
    this.name = name;
    this.field = Objects.requireNonNull(field, "field can't be null");
    this.scale = scale;
    this.hasDefault = defaultValue != null;
    this.defaultValue = defaultValue == null ? 0 : defaultValue;
  }

  public String name() {
    return name;
  }

  public FieldPath field() {
    return field;
  }

  public double scale() {
    return scale;
  }

  /** The measure's value (unscaled: already in the measure's unit) when its field is absent, if any. */
  public OptionalDouble defaultValue() {
    return hasDefault ? OptionalDouble.of(defaultValue) : OptionalDouble.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeasureMapping m && name.equals(m.name) && field.equals(m.field) && scale == m.scale
        && hasDefault == m.hasDefault && defaultValue == m.defaultValue;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, field, scale, hasDefault, defaultValue);
  }

  @Override
  public String toString() {
    return name + " <- " + field + (scale != 1 ? " * " + scale : "") + (hasDefault ? " (default " + defaultValue
        + ")" : "");
  }
}
