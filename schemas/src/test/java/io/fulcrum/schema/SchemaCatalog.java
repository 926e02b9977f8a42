package io.fulcrum.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The top-level schemas of the module and their released versions, as laid out on disk: every
 * {@code src/main/avro/<Name>.avsc} is a top-level record (shared types live in {@code common/}), and
 * {@code compat/<Name>.v<N>.avsc} holds the fully expanded schema of released version N.
 */
final class SchemaCatalog {

  static final Path AVRO_DIR = Path.of("src/main/avro");
  static final Path COMPAT_DIR = Path.of("compat");
  private static final Pattern RELEASED = Pattern.compile("([A-Za-z0-9_]+)\\.v([0-9]+)\\.avsc");

  private SchemaCatalog() {}

  /** A released version of a top-level schema. */
  record Released(String name, int version, Path file) {
    Schema schema() {
      try {
        return new Schema.Parser().parse(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read released schema " + file.toAbsolutePath(), e);
      }
    }
  }

  /** Names of the top-level records, from the .avsc files directly in src/main/avro. */
  static List<String> topLevelNames() {
    try (Stream<Path> files = Files.list(AVRO_DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".avsc"))
          .map(n -> n.substring(0, n.length() - ".avsc".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + AVRO_DIR.toAbsolutePath(), e);
    }
  }

  /** The schema the build generated for a top-level record (shared types expanded inline). */
  static Schema current(String name) {
    try {
      return SpecificData.get().getSchema(Class.forName("io.fulcrum.schema." + name));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "no generated class io.fulcrum.schema." + name + " for " + AVRO_DIR.resolve(name + ".avsc")
              + ": the record's name must equal its file name",
          e);
    }
  }

  /** Every released version on disk, by name then version. */
  static List<Released> released() {
    try (Stream<Path> files = Files.list(COMPAT_DIR)) {
      return files
          .map(SchemaCatalog::parseReleased)
          .sorted((a, b) -> a.name().equals(b.name())
              ? Integer.compare(a.version(), b.version())
              : a.name().compareTo(b.name()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + COMPAT_DIR.toAbsolutePath(), e);
    }
  }

  private static Released parseReleased(Path file) {
    Matcher m = RELEASED.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException(
          "unexpected file " + file + " in " + COMPAT_DIR + ": released schemas are named <Name>.v<N>.avsc");
    }
    return new Released(m.group(1), Integer.parseInt(m.group(2)), file);
  }
}
