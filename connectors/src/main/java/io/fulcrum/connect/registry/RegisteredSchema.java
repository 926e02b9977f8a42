package io.fulcrum.connect.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema as registered under a subject.
 *
 * @param subject the subject
 * @param id the registry-wide schema id (what the wire format carries)
 * @param version the version of the schema within the subject, from 1
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject can't be null");
    Objects.requireNonNull(schema, "schema can't be null");
  }
}
