package io.fulcrum.connect.source;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Compiles field paths against an Avro record schema into field positions, checking each field's type against
 * its use, and gives each field a slot that {@link #reader()} fills straight from the binary. Strict (start-up
 * validation against the latest registered schema): a missing field is an error. Lenient (a writer schema met at
 * run time): a missing field reads as absent, so older writers lacking a field still map.
 */
final class AvroFieldCompiler implements FieldCompiler<Object[]> {

  private static final Set<Schema.Type> NUMBERS = EnumSet.of(Schema.Type.INT, Schema.Type.LONG, Schema.Type.FLOAT,
      Schema.Type.DOUBLE);

  private final Schema schema;
  private final String schemaName;
  private final boolean strict;
  private final List<ProjectedDatumReader.Projection> projections = new ArrayList<>();
  /** A field used twice (say as an id and an attribute) is read once into one slot. */
  private final Map<List<String>, Integer> slots = new HashMap<>();

  AvroFieldCompiler(Schema schema, String schemaName, boolean strict) {
    this.schema = schema;
    this.schemaName = schemaName;
    this.strict = strict;
  }

  @Override
  public FieldAccessor<Object[]> compile(FieldPath path, FieldUse use, String role) {
    int[] positions = new int[path.segments().size()];
    Schema current = schema;
    for (int i = 0; i < positions.length; i++) {
      String name = path.segments().get(i);
      Schema record = nonNull(current);
      if (record.getType() != Schema.Type.RECORD) {
        throw fail(path, role, "'" + String.join(".", path.segments().subList(0, i)) + "' is a "
            + describe(current) + ", not a record, so it has no field '" + name + "'");
      }
      Schema.Field field = record.getField(name);
      if (field == null) {
        if (!strict) {
          return r -> null;
        }
        throw fail(path, role, "record " + record.getFullName() + " has no field '" + name + "' (its fields: "
            + record.getFields().stream().map(Schema.Field::name).toList() + "): fix the path or register a schema "
            + "version with the field");
      }
      positions[i] = field.pos();
      current = field.schema();
    }
    Schema leaf = nonNull(current);
    if (!fits(leaf, use)) {
      throw fail(path, role, "'" + path + "' is a " + describe(current) + ", but " + role + " needs "
          + use.expected());
    }
    int slot = slots.computeIfAbsent(path.segments(), segments -> {
      projections.add(new ProjectedDatumReader.Projection(positions, projections.size()));
      return projections.size() - 1;
    });
    return values -> values[slot];
  }

  /** A reader of the schema's records that fills the slots of every field compiled so far. */
  ProjectedDatumReader reader() {
    return new ProjectedDatumReader(schema, projections);
  }

  private static boolean fits(Schema leaf, FieldUse use) {
    Schema.Type type = leaf.getType();
    switch (use) {
      case NUMBER:
        return NUMBERS.contains(type) || type == Schema.Type.BOOLEAN;
      case ID:
        return type == Schema.Type.STRING || type == Schema.Type.ENUM || type == Schema.Type.INT
            || type == Schema.Type.LONG;
      case EPOCH_TIME:
        return NUMBERS.contains(type);
      case TEXT:
        return type == Schema.Type.STRING || type == Schema.Type.ENUM;
      case SCALAR:
        return type == Schema.Type.STRING || type == Schema.Type.ENUM || type == Schema.Type.BOOLEAN
            || NUMBERS.contains(type);
      default:
        return false;
    }
  }

  /** The non-null branch of an optional ({@code ["null", T]}) schema, else the schema itself. */
  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    Schema only = null;
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        if (only != null) {
          return schema; // a union of several types: no single type to check
        }
        only = branch;
      }
    }
    return only == null ? schema : only;
  }

  private static String describe(Schema schema) {
    Schema leaf = nonNull(schema);
    String type = leaf.getLogicalType() != null ? leaf.getType().getName() + " (" + leaf.getLogicalType().getName()
        + ")" : leaf.getType().getName();
    return (leaf != schema ? "optional " : "") + type;
  }

  private InvalidSourceDefinitionException fail(FieldPath path, String role, String problem) {
    return new InvalidSourceDefinitionException(path.declaredAt(), role, "in " + schemaName + ": " + problem);
  }
}
