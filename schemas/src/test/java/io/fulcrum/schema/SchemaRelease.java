package io.fulcrum.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Releases the current version of one top-level schema: writes its fully expanded form to
 * {@code compat/<Name>.v<N+1>.avsc}, after which {@link SchemaCompatibilityTest} holds every later change to
 * it. Run from the schemas module directory (see README.md); refuses to overwrite a released version.
 */
public final class SchemaRelease {

  private SchemaRelease() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: SchemaRelease <Name>... (the names of top-level schemas in src/main/avro, e.g. OperationalEvent)");
    }
    for (String name : args) {
      int next = SchemaCatalog.released().stream()
          .filter(r -> r.name().equals(name))
          .mapToInt(r -> r.version() + 1)
          .max()
          .orElse(1);
      Path file = SchemaCatalog.COMPAT_DIR.resolve(name + ".v" + next + ".avsc");
      String json = SchemaCatalog.current(name).toString(true) + "\n";
      Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      System.out.println("released " + name + " as " + file);
    }
  }
}
