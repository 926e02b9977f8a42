package io.fulcrum.connect.source;

import java.io.Serializable;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an event's business time comes from and how it is written.
 *
 * @param field the field holding the time
 * @param form how it is written
 * @param pattern the {@link DateTimeFormatter} pattern of {@link TimeForm#PATTERN}, else null
 * @param zone the zone of times written without an offset: required by {@link TimeForm#PATTERN}, optional for
 *     {@link TimeForm#ISO_8601} (texts without an offset are then unparsable), else null
 */
public record EventTimeMapping(FieldPath field, TimeForm form, String pattern, ZoneId zone) implements Serializable {

  public EventTimeMapping {
    Objects.requireNonNull(field, "field can't be null");
    Objects.requireNonNull(form, "form can't be null");
    if (form == TimeForm.PATTERN) {
      if (pattern == null || zone == null) {
        throw new IllegalArgumentException("event time form 'pattern' needs a pattern and a zone, e.g. "
            + "pattern 'yyyy-MM-dd HH:mm:ss' and zone 'Europe/Berlin'");
      }
      DateTimeFormatter.ofPattern(pattern); // throws IllegalArgumentException naming the bad letter
    } else if (pattern != null) {
      throw new IllegalArgumentException("a pattern is only read with form 'pattern', not '" + form.yamlName()
          + "': remove it or set form: pattern");
    }
    if (zone != null && form != TimeForm.PATTERN && form != TimeForm.ISO_8601) {
      throw new IllegalArgumentException("a zone has no meaning for '" + form.yamlName() + "' (epoch times are "
          + "UTC): remove it");
    }
  }

  /** The zone of times written without an offset, if declared. */
  public Optional<ZoneId> zoneIfDeclared() {
    return Optional.ofNullable(zone);
  }
}
