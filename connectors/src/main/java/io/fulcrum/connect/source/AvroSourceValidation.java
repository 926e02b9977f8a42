package io.fulcrum.connect.source;

import io.fulcrum.connect.registry.RegisteredSchema;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryException;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Start-up check of Avro sources: every field path of the definition must exist in the latest schema registered
 * under the source's subject, with a type its use can read (a number for a measure, text or a whole number for an
 * id, ...). Errors name the definition file, the line and the key of the path.
 */
public final class AvroSourceValidation {

  private AvroSourceValidation() {}

  /** Checks every Avro source of the catalog against the registry; other formats are skipped. */
  public static void validate(SourceCatalog catalog, SchemaRegistryClient registry) {
    Objects.requireNonNull(registry, "registry can't be null");
    for (SourceDefinition source : catalog.sources()) {
      if (source.format() == SourceFormat.AVRO) {
        validate(source, registry);
      }
    }
  }

  /** Checks one Avro source against the latest schema of its subject. */
  public static void validate(SourceDefinition source, SchemaRegistryClient registry) {
    String subject = source.subject().orElseThrow(() -> new IllegalArgumentException(source + " is not avro"));
    RegisteredSchema latest;
    try {
      latest = registry.latest(subject);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        throw new InvalidSourceDefinitionException(source.declaredAt(), "subject", "the registry has no schema "
            + "under subject '" + subject + "' to check " + source + " against: register the producer's schema "
            + "first, or set subject: to the one it uses", e);
      }
      throw e;
    }
    validate(source, latest.schema(), "the latest schema of subject '" + subject + "' (version "
        + latest.version() + ", id " + latest.id() + ")");
  }

  /** Checks one Avro source against a schema; {@code schemaName} says which, in errors. */
  public static void validate(SourceDefinition source, Schema schema, String schemaName) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new InvalidSourceDefinitionException(source.declaredAt(), "subject", schemaName + " is a "
          + schema.getType() + ", not a record: point the source at a subject of records");
    }
    new EventAssembler<>(source, new AvroFieldCompiler(schema, schemaName, true), false);
  }
}
