package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * A non-numeric fact of an event, read from a field as text (numbers and booleans as written); omitted when the
 * record lacks the field.
 *
 * @param name the attribute's name on the event
 * @param field the field holding it
 */
public record AttributeMapping(String name, FieldPath field) implements Serializable {
  public AttributeMapping {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("attribute name '" + name + "' is blank: name it, e.g. 'carrier'");
    }
    Objects.requireNonNull(field, "field can't be null");
  }
}
