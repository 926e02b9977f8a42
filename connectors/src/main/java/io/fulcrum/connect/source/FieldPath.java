package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A field of a source record: dotted names into nested records or JSON objects ({@code lane.origin.code}), a
 * number selecting an element of a JSON array ({@code lines.0.sku}), or a declared column of a CSV source.
 *
 * @param text the path as written
 * @param segments the path's names, outermost first
 * @param declaredAt where the path was written
 */
public record FieldPath(String text, List<String> segments, DeclaredAt declaredAt) implements Serializable {

  public FieldPath {
    Objects.requireNonNull(text, "text can't be null");
    segments = List.copyOf(segments);
    Objects.requireNonNull(declaredAt, "declaredAt can't be null");
  }

  /**
   * Parses a dotted path.
   *
   * @throws IllegalArgumentException when a segment is empty (a leading, trailing or doubled dot)
   */
  public static FieldPath parse(String text, DeclaredAt declaredAt) {
    Objects.requireNonNull(text, "field path can't be null");
    List<String> segments = List.of(text.split("\\.", -1));
    if (text.isBlank() || segments.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("field path '" + text + "' has an empty name: write names separated by "
          + "single dots, e.g. 'lane.origin.code'");
    }
    return new FieldPath(text, segments, declaredAt);
  }

  @Override
  public String toString() {
    return text;
  }
}
