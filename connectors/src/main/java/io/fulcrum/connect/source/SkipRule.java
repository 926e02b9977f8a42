package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Records a source publishes that are no events for Fulcrum (a cancelled shipment, a draft order): those whose
 * field's text is one of {@code values} are skipped and counted, not dead-lettered.
 *
 * @param field the field compared
 * @param values the texts that make a record skipped
 */
public record SkipRule(FieldPath field, List<String> values) implements Serializable {
  public SkipRule {
    Objects.requireNonNull(field, "field can't be null");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("skip rule on '" + field + "' lists no values: list the values of "
          + "records to skip, e.g. in: [CANCELLED]");
    }
  }
}
