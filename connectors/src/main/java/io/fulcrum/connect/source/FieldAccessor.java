package io.fulcrum.connect.source;

/**
 * Reads one field of a decoded record, compiled once for the record layout (a JSON pointer, a CSV column index, the
 * positions of nested Avro fields) so no name is looked up per record.
 *
 * @param <R> the decoded record type
 */
@FunctionalInterface
interface FieldAccessor<R> {

  /**
   * The field's value: null when absent or null; else a {@link String}, a {@link Number}, a {@link Boolean}, or
   * any other object for a structured value (a nested object, a list), which no use accepts.
   */
  Object read(R record);
}
