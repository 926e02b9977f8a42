package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * A business object an event names: its type (as Fulcrum calls it, e.g. {@code route}) and the field holding its
 * id. A record without the id cannot be mapped.
 *
 * @param type the object type
 * @param id the field holding the object's id
 */
public record ObjectMapping(String type, FieldPath id) implements Serializable {
  public ObjectMapping {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("object type '" + type + "' is blank: name it, e.g. 'sku' or 'route'");
    }
    Objects.requireNonNull(id, "id field can't be null");
  }
}
