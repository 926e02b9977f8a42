package io.fulcrum.connect.registry;

/**
 * The registry holds a schema Fulcrum cannot use: not Avro (Protobuf, JSON Schema) or Avro with schema
 * references. Fulcrum reads and writes self-contained Avro schemas only.
 */
public class UnsupportedSchemaException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public UnsupportedSchemaException(String message) {
    super(message, null);
  }
}
