package io.fulcrum.connect.source;

import java.util.Objects;

/**
 * A source definition that cannot be used, found at start-up: names the file, the line, the field (as a dotted
 * key path, e.g. {@code measures.lead_time_hours.scale}) and, in the message, the value and the fix.
 */
public class InvalidSourceDefinitionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final DeclaredAt declaredAt;
  private final String field;
  private final String problem;

  public InvalidSourceDefinitionException(DeclaredAt declaredAt, String field, String problem) {
    this(declaredAt, field, problem, null);
  }

  public InvalidSourceDefinitionException(DeclaredAt declaredAt, String field, String problem, Throwable cause) {
    super(declaredAt + ": field '" + field + "': " + problem, cause);
    this.declaredAt = Objects.requireNonNull(declaredAt, "declaredAt can't be null");
    this.field = Objects.requireNonNull(field, "field can't be null");
    this.problem = Objects.requireNonNull(problem, "problem can't be null");
  }

  /** The file and line of the bad value. */
  public DeclaredAt declaredAt() {
    return declaredAt;
  }

  /** The dotted key path of the bad value in the file. */
  public String field() {
    return field;
  }

  /** What is wrong and how to fix it, without the location. */
  public String problem() {
    return problem;
  }
}
