package io.fulcrum.connect.source;

/**
 * Compiles the field paths of a definition into {@link FieldAccessor}s for one record layout.
 *
 * @param <R> the decoded record type
 */
@FunctionalInterface
interface FieldCompiler<R> {

  /**
   * @param role the key of the use in the definition, e.g. {@code measures.lead_time_hours}, for errors
   * @throws InvalidSourceDefinitionException when the layout has no such field or its type does not fit the use
   */
  FieldAccessor<R> compile(FieldPath path, FieldUse use, String role);
}
