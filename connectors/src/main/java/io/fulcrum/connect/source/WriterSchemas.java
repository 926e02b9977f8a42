package io.fulcrum.connect.source;

import io.fulcrum.connect.registry.SchemaRegistryClient;
import org.apache.avro.Schema;

/**
 * Writer schemas by registry id, as the Confluent wire format references them. In a job this is
 * {@link SchemaRegistryClient#schemaById}: cached, and throwing {@code SchemaRegistryException} (error 40403 for an
 * unknown id).
 */
@FunctionalInterface
public interface WriterSchemas {

  Schema schemaById(int id);

  static WriterSchemas of(SchemaRegistryClient registry) {
    return registry::schemaById;
  }
}
