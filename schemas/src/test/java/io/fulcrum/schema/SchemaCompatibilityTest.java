package io.fulcrum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard on the data contracts: every top-level schema must read data written with each of its
 * released versions (backward) and be readable by them (forward), because producers and the Flink jobs that
 * consume Fulcrum topics are deployed independently. A failure here means the change is incompatible; see
 * schemas/README.md for how to evolve a schema.
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<SchemaCatalog.Released> released() {
    return SchemaCatalog.released().stream();
  }

  /** Human-readable incompatibilities of reading data written with {@code writer} using {@code reader}. */
  static List<String> problems(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()
        .stream()
        .map(SchemaCompatibilityTest::describe)
        .toList();
  }

  private static String describe(Incompatibility i) {
    return i.getType() + " at " + i.getLocation() + ": " + i.getMessage();
  }

  @Test
  void everyTopLevelSchemaHasAReleasedVersionAndNoneWasRemoved() {
    Set<String> current = Set.copyOf(SchemaCatalog.topLevelNames());
    Set<String> released = SchemaCatalog.released().stream()
        .map(SchemaCatalog.Released::name).collect(Collectors.toSet());

    assertThat(current)
        .as("top-level schemas without compat/<Name>.v1.avsc: release them (README.md, 'Adding a schema')")
        .containsExactlyInAnyOrderElementsOf(released);
    assertThat(current).containsExactlyInAnyOrder(
        "DeadLetter", "ImpactEstimate", "Initiative", "KpiAlert", "KpiValue", "OperationalEvent");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("released")
  void currentSchemaReadsDataWrittenWithReleasedVersion(SchemaCatalog.Released previous) throws IOException {
    Schema writer = previous.schema();
    Schema reader = SchemaCatalog.current(previous.name());

    assertThat(problems(reader, writer))
        .as("%s: current src/main/avro/%s.avsc cannot read data written with %s", previous.name(),
            previous.name(), previous.file())
        .isEmpty();

    for (long seed = 1; seed <= 20; seed++) {
      GenericRecord written = (GenericRecord) new SampleDatum(seed).of(writer);
      byte[] bytes = encode(writer, written);

      GenericRecord read = new GenericDatumReader<GenericRecord>(writer, reader)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      for (Schema.Field writerField : writer.getFields()) {
        Schema.Field readerField = reader.getField(writerField.name());
        if (readerField != null && readerField.schema().equals(writerField.schema())) {
          // Compared as JSON trees: map entries come back in a different order.
          assertThat(json(read.get(readerField.pos())))
              .as("field %s of %s", writerField.name(), previous.name())
              .isEqualTo(json(written.get(writerField.pos())));
        }
      }
      SpecificRecord specific = new SpecificDatumReader<SpecificRecord>(writer, reader)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      assertThat(specific.getClass().getSimpleName()).isEqualTo(previous.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("released")
  void releasedVersionReadsDataWrittenWithCurrentSchema(SchemaCatalog.Released previous) {
    assertThat(problems(previous.schema(), SchemaCatalog.current(previous.name())))
        .as("%s: readers still on %s cannot read data written with current src/main/avro/%s.avsc",
            previous.name(), previous.file(), previous.name())
        .isEmpty();
  }

  /** The guard itself must be able to fail: typical careless edits are caught by the same check. */
  @Test
  void guardRejectsIncompatibleEdits() {
    Schema current = SchemaCatalog.current("OperationalEvent");
    String json = current.toString();

    Schema requiredFieldAdded = new Schema.Parser().parse(json.replace(
        "\"fields\":[{\"name\":\"eventId\"",
        "\"fields\":[{\"name\":\"tenant\",\"type\":\"string\"},{\"name\":\"eventId\""));
    assertThat(problems(requiredFieldAdded, current))
        .singleElement().asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE", "tenant");

    Schema typeChanged = new Schema.Parser().parse(json.replace("{\"name\":\"eventType\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
            "{\"name\":\"eventType\",\"type\":\"int\""));
    assertThat(problems(typeChanged, current))
        .singleElement().asString()
        .contains("TYPE_MISMATCH", "/fields/2/type");
  }

  private static JsonNode json(Object datum) throws IOException {
    return JSON.readTree(GenericData.get().toString(datum));
  }

  private static byte[] encode(Schema schema, GenericRecord datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
