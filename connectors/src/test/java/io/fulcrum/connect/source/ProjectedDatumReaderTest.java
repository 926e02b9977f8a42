package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The projected reader against Avro's own: random records of a schema holding every Avro type between, around and
 * inside the projected fields are written with Avro's writer, read back with {@code GenericDatumReader}, and each
 * projected field looked up in that record by name must equal its slot.
 */
class ProjectedDatumReaderTest {

  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "Shipment", "fields": [
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "id", "type": "string"},
        {"name": "props", "type": {"type": "map", "values": "long"}},
        {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
        {"name": "payload", "type": "bytes"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OPEN", "SHIPPED", "LOST"]}},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "lane", "type": ["null", {"type": "record", "name": "Lane", "fields": [
          {"name": "skipped", "type": {"type": "record", "name": "Skipped", "fields": [
            {"name": "x", "type": "double"}, {"name": "y", "type": ["null", "string", "int"]}]}},
          {"name": "code", "type": "string"},
          {"name": "km", "type": ["null", "float"]},
          {"name": "carrier", "type": {"type": "record", "name": "Carrier", "fields": [
            {"name": "scac", "type": ["string", "null"]},
            {"name": "rated", "type": "boolean"}]}}]}]},
        {"name": "quantity", "type": "int"},
        {"name": "weight", "type": ["null", "double"]},
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
          {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}}},
        {"name": "signed", "type": "boolean"}
      ]}""");

  private static final List<String> PROJECTED = List.of("id", "status", "at", "lane.code", "lane.km",
      "lane.carrier.scac", "lane.carrier.rated", "quantity", "weight", "signed");

  @Test
  void everyProjectedFieldEqualsAvrosOwnDecoding() throws IOException {
    AvroFieldCompiler compiler = new AvroFieldCompiler(SCHEMA, "test schema", true);
    List<FieldAccessor<Object[]>> accessors = new ArrayList<>();
    for (String path : PROJECTED) {
      accessors.add(compiler.compile(FieldPath.parse(path, new DeclaredAt("test.yaml", 1)), FieldUse.SCALAR, path));
    }
    ProjectedDatumReader projected = compiler.reader();
    GenericDatumReader<GenericRecord> avro = new GenericDatumReader<>(SCHEMA);
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 500; n++) {
      byte[] bytes = write(randomRecord(random));
      GenericRecord expected = avro.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      var decoder = DecoderFactory.get().binaryDecoder(bytes, null);
      Object[] slots = projected.read(decoder);
      assertThat(decoder.isEnd()).as("record %d read to its end", n).isTrue();
      for (int i = 0; i < PROJECTED.size(); i++) {
        assertThat(accessors.get(i).read(slots)).as("record %d, field %s", n, PROJECTED.get(i))
            .isEqualTo(lookUp(expected, PROJECTED.get(i)));
      }
    }
  }

  @Test
  void aFieldUsedTwiceHasOneSlot() {
    AvroFieldCompiler compiler = new AvroFieldCompiler(SCHEMA, "test schema", true);
    FieldPath code = FieldPath.parse("lane.code", new DeclaredAt("test.yaml", 1));
    compiler.compile(FieldPath.parse("id", new DeclaredAt("test.yaml", 2)), FieldUse.ID, "eventId.fields[0]");
    FieldAccessor<Object[]> asId = compiler.compile(code, FieldUse.ID, "objects.primary.field");
    FieldAccessor<Object[]> asAttribute = compiler.compile(code, FieldUse.SCALAR, "attributes.lane");
    Object[] slots = {"s-1", "DE-FR"};
    assertThat(asId.read(slots)).isEqualTo("DE-FR");
    assertThat(asAttribute.read(slots)).isEqualTo("DE-FR");
  }

  @Test
  void aTruncatedRecordFailsInsteadOfReadingStaleSlots() throws IOException {
    AvroFieldCompiler compiler = new AvroFieldCompiler(SCHEMA, "test schema", true);
    compiler.compile(FieldPath.parse("signed", new DeclaredAt("test.yaml", 1)), FieldUse.SCALAR, "attributes.signed");
    byte[] bytes = write(randomRecord(new SplittableRandom(1)));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
    ProjectedDatumReader reader = compiler.reader();
    assertThatThrownBy(() -> reader.read(DecoderFactory.get().binaryDecoder(truncated, null)))
        .isInstanceOf(EOFException.class);
  }

  /** The value at a dotted path by field names, as the mapping expects it: text for strings and enum symbols. */
  private static Object lookUp(GenericRecord record, String path) {
    Object value = record;
    for (String name : path.split("\\.")) {
      if (value == null) {
        return null;
      }
      value = ((IndexedRecord) value).get(((IndexedRecord) value).getSchema().getField(name).pos());
    }
    return value instanceof CharSequence || value instanceof GenericData.EnumSymbol ? value.toString() : value;
  }

  private static GenericRecord randomRecord(SplittableRandom random) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    List<String> tags = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      tags.add(text(random));
    }
    r.put("tags", tags);
    r.put("id", text(random));
    Map<String, Long> props = new HashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      props.put(text(random), random.nextLong());
    }
    r.put("props", props);
    byte[] hash = new byte[4];
    random.nextBytes(hash);
    r.put("hash", new GenericData.Fixed(SCHEMA.getField("hash").schema(), hash));
    byte[] payload = new byte[random.nextInt(20)];
    random.nextBytes(payload);
    r.put("payload", ByteBuffer.wrap(payload));
    Schema status = SCHEMA.getField("status").schema();
    r.put("status", new GenericData.EnumSymbol(status, status.getEnumSymbols().get(random.nextInt(3))));
    r.put("at", random.nextLong(0, 4_000_000_000_000L));
    r.put("lane", random.nextInt(4) == 0 ? null : lane(random));
    r.put("quantity", random.nextInt(-1000, 1000));
    r.put("weight", random.nextBoolean() ? null : random.nextDouble() * 100);
    Schema line = SCHEMA.getField("lines").schema().getElementType();
    List<GenericRecord> lines = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      GenericRecord l = new GenericData.Record(line);
      l.put("sku", text(random));
      l.put("qty", random.nextInt(100));
      lines.add(l);
    }
    r.put("lines", lines);
    r.put("signed", random.nextBoolean());
    return r;
  }

  private static GenericRecord lane(SplittableRandom random) {
    Schema schema = SCHEMA.getField("lane").schema().getTypes().get(1);
    Schema skippedSchema = schema.getField("skipped").schema();
    GenericRecord skipped = new GenericData.Record(skippedSchema);
    skipped.put("x", random.nextDouble());
    int y = random.nextInt(3);
    skipped.put("y", y == 0 ? null : y == 1 ? text(random) : random.nextInt());
    GenericRecord carrier = new GenericData.Record(schema.getField("carrier").schema());
    carrier.put("scac", random.nextBoolean() ? null : text(random));
    carrier.put("rated", random.nextBoolean());
    GenericRecord lane = new GenericData.Record(schema);
    lane.put("skipped", skipped);
    lane.put("code", text(random));
    lane.put("km", random.nextBoolean() ? null : (float) random.nextDouble(0, 2000));
    lane.put("carrier", carrier);
    return lane;
  }

  /** Text of varied length, some of it beyond ASCII. */
  private static String text(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      text.append(random.nextInt(5) == 0 ? (char) random.nextInt(0xa0, 0x2000) : (char) random.nextInt('a', 'z'));
    }
    return text.toString();
  }

  private static byte[] write(GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
