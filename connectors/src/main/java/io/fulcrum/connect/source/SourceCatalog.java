package io.fulcrum.connect.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The sources of a configuration directory: one YAML file per source ({@code *.yaml} or {@code *.yml}), names
 * unique. Answers which measures (and event types) the sources provide, so KPI definitions can be checked for a
 * measure no source provides.
 */
public final class SourceCatalog {

  private final List<SourceDefinition> sources;

  private SourceCatalog(List<SourceDefinition> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * Reads every definition file of {@code directory}, in file-name order.
   *
   * @throws InvalidSourceDefinitionException for the first bad file, or a source name used twice
   * @throws IllegalArgumentException when the directory holds no definition
   */
  public static SourceCatalog load(Path directory) {
    Objects.requireNonNull(directory, "directory can't be null");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("source directory " + directory.toAbsolutePath() + " does not exist: "
          + "create it with one <source>.yaml per source, or point the configuration at it");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list source directory " + directory + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("source directory " + directory.toAbsolutePath() + " holds no *.yaml "
          + "source definition: add one per source (see connectors/README.md)");
    }
    List<SourceDefinition> sources = new ArrayList<>();
    for (Path file : files) {
      sources.add(SourceDefinitionFile.read(file));
    }
    return of(sources);
  }

  /**
   * A catalog of the given definitions.
   *
   * @throws InvalidSourceDefinitionException when two share a name
   */
  public static SourceCatalog of(List<SourceDefinition> sources) {
    Map<String, SourceDefinition> byName = new LinkedHashMap<>();
    for (SourceDefinition source : sources) {
      SourceDefinition other = byName.put(source.name(), source);
      if (other != null) {
        throw new InvalidSourceDefinitionException(source.declaredAt(), "name", "source name '" + source.name()
            + "' is also used by " + other.declaredAt() + ": give each source its own name");
      }
    }
    return new SourceCatalog(sources);
  }

  public List<SourceDefinition> sources() {
    return sources;
  }

  /** Every measure name some source provides. */
  public Set<String> measureNames() {
    Set<String> names = new TreeSet<>();
    sources.forEach(s -> names.addAll(s.measureNames()));
    return Collections.unmodifiableSet(names);
  }

  /** Whether some source provides the measure. */
  public boolean provides(String measure) {
    return sources.stream().anyMatch(s -> s.measureNames().contains(measure));
  }

  /** The sources providing a measure, in catalog order. */
  public List<SourceDefinition> sourcesProviding(String measure) {
    return sources.stream().filter(s -> s.measureNames().contains(measure)).toList();
  }

  /**
   * The constant event types of the sources providing a measure. A source whose event type comes from a field
   * can provide it with any event type; {@link #providesForAnyEventType(String)} tells whether there is one.
   */
  public Set<String> eventTypesProviding(String measure) {
    Set<String> types = new LinkedHashSet<>();
    sourcesProviding(measure).forEach(s -> s.eventType().constant().ifPresent(types::add));
    return Collections.unmodifiableSet(types);
  }

  /** Whether a source with its event type taken from a field provides the measure. */
  public boolean providesForAnyEventType(String measure) {
    return sourcesProviding(measure).stream().anyMatch(s -> s.eventType().field().isPresent());
  }

  /** Whether events of {@code eventType} may carry {@code measure}. */
  public boolean provides(String eventType, String measure) {
    return sourcesProviding(measure).stream().anyMatch(s -> s.eventType().constant().map(eventType::equals)
        .orElse(true));
  }
}
