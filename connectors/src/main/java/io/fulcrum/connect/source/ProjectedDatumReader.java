package io.fulcrum.connect.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads the fields a mapping uses straight out of the Avro binary of one writer schema into an array of slots,
 * skipping every other field, without building a record.
 *
 * <p>Why not Avro's {@code GenericDatumReader}: it materialises the whole record (a record per nested record, a
 * string per text field, used or not) through a resolving decoder, and the mapping then copies the few values it
 * needs out again; that doubled the cost of mapping over decoding. Avro offers no reader that decodes selected
 * fields of a writer schema into caller-owned slots, so this one is compiled from the writer schema once; skipping
 * is Avro's own ({@link GenericDatumReader#skip}).
 *
 * <p>Slot values: {@link String} for strings and enum symbols, {@link Integer}, {@link Long} (also for timestamp
 * logical types), {@link Float}, {@link Double}, {@link Boolean}; null when the field or a record on its path is
 * null. Paths are validated by {@link AvroFieldCompiler} before they reach here, so every path runs through
 * records (or optional records) to a scalar (or optional scalar). Not thread-safe: one per task.
 */
final class ProjectedDatumReader {

  /** Reads one value (or skips it) from the decoder, storing what it reads into the slots. */
  @FunctionalInterface
  private interface Step {
    void read(Decoder in, Object[] slots) throws IOException;
  }

  /** A field to read: the positions of its fields from the root record down, and its slot. */
  record Projection(int[] positions, int slot) {}

  private static final Step NOTHING = (in, slots) -> { };

  private final Step root;
  private final Object[] slots;

  /**
   * @param writer the writer schema, a record
   * @param projections the fields to read; slots number from 0 without gaps
   */
  ProjectedDatumReader(Schema writer, List<Projection> projections) {
    this.root = record(writer, projections, 0);
    this.slots = new Object[projections.size()];
  }

  /**
   * Reads one datum of the writer schema; the returned slots are this reader's and are overwritten by the next
   * read.
   */
  Object[] read(Decoder in) throws IOException {
    Arrays.fill(slots, null);
    root.read(in, slots);
    return slots;
  }

  private static Step record(Schema record, List<Projection> projections, int depth) {
    List<Schema.Field> fields = record.getFields();
    Step[] steps = new Step[fields.size()];
    for (Schema.Field field : fields) {
      List<Projection> below = new ArrayList<>();
      for (Projection p : projections) {
        if (p.positions()[depth] == field.pos()) {
          below.add(p);
        }
      }
      steps[field.pos()] = below.isEmpty() ? skip(field.schema()) : value(field.schema(), below, depth + 1);
    }
    return (in, slots) -> {
      for (Step step : steps) {
        step.read(in, slots);
      }
    };
  }

  private static Step value(Schema schema, List<Projection> projections, int depth) {
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> types = schema.getTypes();
      Step[] branches = new Step[types.size()];
      for (int i = 0; i < branches.length; i++) {
        branches[i] = types.get(i).getType() == Schema.Type.NULL ? NOTHING : value(types.get(i), projections, depth);
      }
      // An index beyond the branches is a corrupt payload; the mapper turns the exception into a dead letter.
      return (in, slots) -> branches[in.readIndex()].read(in, slots);
    }
    if (schema.getType() == Schema.Type.RECORD) {
      return record(schema, projections, depth);
    }
    int slot = projections.get(0).slot(); // a scalar ends every path that reaches it: one projection, deduplicated
    switch (schema.getType()) {
      case STRING:
        return (in, slots) -> slots[slot] = in.readString();
      case ENUM:
        String[] symbols = schema.getEnumSymbols().toArray(String[]::new);
        return (in, slots) -> slots[slot] = symbols[in.readEnum()];
      case INT:
        return (in, slots) -> slots[slot] = in.readInt();
      case LONG:
        return (in, slots) -> slots[slot] = in.readLong();
      case FLOAT:
        return (in, slots) -> slots[slot] = in.readFloat();
      case DOUBLE:
        return (in, slots) -> slots[slot] = in.readDouble();
      case BOOLEAN:
        return (in, slots) -> slots[slot] = in.readBoolean();
      default:
        return skip(schema); // a type no use accepts: the compiler rejected it, the slot stays absent
    }
  }

  private static Step skip(Schema schema) {
    return (in, slots) -> GenericDatumReader.skip(schema, in);
  }
}
