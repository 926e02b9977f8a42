package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/** Where an event's type comes from: one constant for every record of the source, or a field of the record. */
public final class EventTypeMapping implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String constant;
  private final FieldPath field;

  private EventTypeMapping(String constant, FieldPath field) {
    this.constant = constant;
    this.field = field;
  }

  /** Every record of the source is an event of this type, e.g. {@code shipment_delivered}. */
  public static EventTypeMapping constant(String eventType) {
    if (eventType == null || eventType.isBlank()) {
      throw new IllegalArgumentException("event type '" + eventType + "' is blank: name what happened, e.g. "
          + "'shipment_delivered'");
    }
    return new EventTypeMapping(eventType, null);
  }

  /** The type is the text of this field of each record. */
  public static EventTypeMapping field(FieldPath field) {
    return new EventTypeMapping(null, Objects.requireNonNull(field, "field can't be null"));
  }

  /** The constant type, when the source has one. */
  public Optional<String> constant() {
    return Optional.ofNullable(constant);
  }

  /** The field holding the type, when the source has no constant one. */
  public Optional<FieldPath> field() {
    return Optional.ofNullable(field);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventTypeMapping other && Objects.equals(constant, other.constant)
        && Objects.equals(field, other.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(constant, field);
  }

  @Override
  public String toString() {
    return constant != null ? "constant " + constant : "field " + field;
  }
}
