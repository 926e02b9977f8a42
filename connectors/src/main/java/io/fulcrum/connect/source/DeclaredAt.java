package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a value of a source definition was written: the file and its 1-based line, so an error about the value can
 * send the data engineer straight to it.
 *
 * @param file the definition file, as given to the loader
 * @param line 1-based line of the value in the file
 */
public record DeclaredAt(String file, int line) implements Serializable {
  public DeclaredAt {
    Objects.requireNonNull(file, "file can't be null");
    if (line < 1) {
      throw new IllegalArgumentException("line " + line + " of " + file + " is not 1-based");
    }
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
