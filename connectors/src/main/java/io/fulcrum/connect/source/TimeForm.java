package io.fulcrum.connect.source;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a source writes its event time. */
public enum TimeForm {
  /** Milliseconds since 1970-01-01T00:00Z, as a number (or its digits in text). */
  EPOCH_MILLIS("epoch-millis"),
  /** Seconds since 1970-01-01T00:00Z, as a number (fractions allowed) or its digits in text. */
  EPOCH_SECONDS("epoch-seconds"),
  /** An ISO-8601 instant or offset date-time text, e.g. {@code 2026-03-02T08:15:00Z} or {@code ...+01:00}. */
  ISO_8601("iso-8601"),
  /** A local date-time text in a {@link java.time.format.DateTimeFormatter} pattern, read in a declared zone. */
  PATTERN("pattern");

  private final String yamlName;

  TimeForm(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used in definition files. */
  public String yamlName() {
    return yamlName;
  }

  static Optional<TimeForm> ofYamlName(String text) {
    return Arrays.stream(values()).filter(f -> f.yamlName.equals(text)).findFirst();
  }

  static String yamlNames() {
    return Arrays.stream(values()).map(TimeForm::yamlName).collect(Collectors.joining(", "));
  }
}
