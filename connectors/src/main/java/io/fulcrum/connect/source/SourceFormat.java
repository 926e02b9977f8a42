package io.fulcrum.connect.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the values of a source's topic are encoded. */
public enum SourceFormat {
  /** Confluent wire format (magic byte, registry schema id, Avro binary), read as generic records of the writer. */
  AVRO,
  /** One UTF-8 JSON object per record. */
  JSON,
  /** One header-less CSV line per record, its columns declared in the definition. */
  CSV;

  /** The name used in definition files. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code text} in a definition file, or empty. */
  static Optional<SourceFormat> ofYamlName(String text) {
    return Arrays.stream(values()).filter(f -> f.yamlName().equals(text)).findFirst();
  }

  static String yamlNames() {
    return Arrays.stream(values()).map(SourceFormat::yamlName).collect(Collectors.joining(", "));
  }
}
