package io.fulcrum.connect.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Turns a raw event-time value into epoch milliseconds in the form its {@link EventTimeMapping} declares. */
final class EventTimeParser {

  private final EventTimeMapping mapping;
  private final DateTimeFormatter formatter;
  private final ZoneId zone;

  EventTimeParser(EventTimeMapping mapping) {
    this.mapping = mapping;
    this.zone = mapping.zone();
    this.formatter = mapping.form() == TimeForm.PATTERN ? DateTimeFormatter.ofPattern(mapping.pattern())
        : DateTimeFormatter.ISO_DATE_TIME;
  }

  long epochMillis(Object raw) throws UnmappableRecordException {
    switch (mapping.form()) {
      case EPOCH_MILLIS:
        if (raw instanceof Number n && !(raw instanceof Double || raw instanceof Float)) {
          return n.longValue();
        }
        if (raw instanceof String s) {
          try {
            return Long.parseLong(s.trim());
          } catch (NumberFormatException e) {
            throw unparsable(raw, "whole milliseconds since 1970-01-01T00:00Z, e.g. 1772439300000");
          }
        }
        throw unparsable(raw, "whole milliseconds since 1970-01-01T00:00Z, e.g. 1772439300000");
      case EPOCH_SECONDS:
        double seconds;
        if (raw instanceof Number n) {
          seconds = n.doubleValue();
        } else if (raw instanceof String s) {
          try {
            seconds = Double.parseDouble(s.trim());
          } catch (NumberFormatException e) {
            throw unparsable(raw, "seconds since 1970-01-01T00:00Z, e.g. 1772439300");
          }
        } else {
          throw unparsable(raw, "seconds since 1970-01-01T00:00Z, e.g. 1772439300");
        }
        return Math.round(seconds * 1000);
      case ISO_8601:
        if (!(raw instanceof String text)) {
          throw unparsable(raw, "an ISO-8601 date-time text, e.g. 2026-03-02T08:15:00Z");
        }
        try {
          TemporalAccessor parsed = formatter.parse(text);
          if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Instant.from(parsed).toEpochMilli();
          }
          if (zone == null) {
            throw unparsable(raw, "an ISO-8601 date-time with an offset (e.g. 2026-03-02T08:15:00Z), as the "
                + "definition declares no zone");
          }
          return LocalDateTime.from(parsed).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          throw unparsable(raw, "an ISO-8601 date-time text, e.g. 2026-03-02T08:15:00Z");
        }
      case PATTERN:
        if (!(raw instanceof String text)) {
          throw unparsable(raw, "a text in pattern '" + mapping.pattern() + "'");
        }
        try {
          return LocalDateTime.parse(text, formatter).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          throw unparsable(raw, "a text in pattern '" + mapping.pattern() + "'");
        }
      default:
        throw new IllegalStateException("time form " + mapping.form() + " has no parser");
    }
  }

  private UnmappableRecordException unparsable(Object raw, String expected) {
    return UnmappableRecordException.of(MappingFailure.UNPARSABLE_TIME, "event time field '" + mapping.field()
        + "' holds " + RawValues.describe(raw) + ", expected " + expected);
  }
}
