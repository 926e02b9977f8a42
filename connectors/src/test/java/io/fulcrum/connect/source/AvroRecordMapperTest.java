package io.fulcrum.connect.source;

import static io.fulcrum.connect.source.Records.KAFKA_TIMESTAMP;
import static io.fulcrum.connect.source.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.connect.registry.SchemaRegistryException;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The Avro mapper against writer schemas held in a map: the registry's part (schema by id) is plain lookup, tested
 * on the real registry in {@code SourcesITCase}.
 */
class AvroRecordMapperTest {

  static final Schema V1 = new Schema.Parser().parse("""
      {"type": "record", "name": "InspectionResult", "namespace": "com.example.qms", "fields": [
        {"name": "inspectionId", "type": "string"},
        {"name": "inspectedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "lot", "type": {"type": "record", "name": "Lot", "fields": [
          {"name": "skuCode", "type": "string"},
          {"name": "size", "type": "int"},
          {"name": "supplier", "type": ["null", {"type": "record", "name": "SupplierRef", "fields": [
            {"name": "id", "type": "string"},
            {"name": "tier", "type": {"type": "enum", "name": "Tier", "symbols": ["T1", "T2"]}}]}],
           "default": null}]}},
        {"name": "defectCount", "type": ["null", "int"], "default": null},
        {"name": "result", "type": "string"}]}
      """);

  /** V1 plus an optional field inserted before the mapped ones, so every later field moves one position. */
  static final Schema V2 = new Schema.Parser().parse(V1.toString().replace(
      "{\"name\":\"inspectedAt\"",
      "{\"name\":\"inspector\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"inspectedAt\""));

  /** A writer that made the defect count text: not readable as a measure. */
  static final Schema TEXT_DEFECTS = new Schema.Parser().parse(V1.toString().replace(
      "{\"name\":\"defectCount\",\"type\":[\"null\",\"int\"],\"default\":null}",
      "{\"name\":\"defectCount\",\"type\":\"string\"}"));

  /** An old writer without the defect count. */
  static final Schema NO_DEFECTS = new Schema.Parser().parse(V1.toString().replace(
      ",{\"name\":\"defectCount\",\"type\":[\"null\",\"int\"],\"default\":null}", ""));

  static final SourceDefinition QMS = SourceDefinitionFile.parse("""
      name: qms
      topic: qms.inspection-results
      format: avro
      eventType: {constant: quality_inspection}
      eventTime: {field: inspectedAt, form: epoch-millis}
      eventId: {fields: [inspectionId]}
      objects:
        primary: {type: supplier, field: lot.supplier.id}
        related: [{type: sku, field: lot.skuCode}]
      measures:
        lot_size: lot.size
        defects: {field: defectCount, default: 0}
      attributes:
        tier: lot.supplier.tier
        result: result
      """, "qms.yaml");

  private final Map<Integer, Schema> registry = new HashMap<>(Map.of(1, V1, 2, V2, 3, TEXT_DEFECTS,
      4, NO_DEFECTS));
  private final RecordMapper mapper = RecordMapper.of(QMS, id -> {
    Schema schema = registry.get(id);
    if (schema == null) {
      throw new SchemaRegistryException("GET /schemas/ids/" + id, 404, SchemaRegistryException.SCHEMA_NOT_FOUND,
          "Schema " + id + " not found");
    }
    return schema;
  });

  @Test
  void mapsNestedFieldsOfTheWriterSchema() throws Exception {
    OperationalEvent expected = OperationalEvent.newBuilder()
        .setEventId("qi-1")
        .setSource("qms")
        .setEventType("quality_inspection")
        .setEventTime(Instant.parse("2026-03-02T08:15:00Z"))
        .setIngestionTime(Instant.ofEpochMilli(KAFKA_TIMESTAMP))
        .setObject(new BusinessObjectRef("supplier", "S-14"))
        .setRelatedObjects(List.of(new BusinessObjectRef("sku", "SKU-0001")))
        .setMeasures(Map.of("lot_size", 400.0, "defects", 3.0))
        .setAttributes(Map.of("tier", "T1", "result", "fail"))
        .build();

    assertThat(mapper.map(record(wire(1, inspection(V1, "qi-1", 3)), 0))).contains(expected);
  }

  @Test
  void aNewWriterSchemaIsPickedUpWithFieldsAtTheirNewPositions() throws Exception {
    GenericRecord v2 = inspection(V2, "qi-2", 5);
    v2.put("inspector", "M. Weber");
    OperationalEvent fromV1 = mapper.map(record(wire(1, inspection(V1, "qi-1", 5)), 0)).orElseThrow();
    OperationalEvent fromV2 = mapper.map(record(wire(2, v2), 1)).orElseThrow();
    assertThat(fromV2).usingRecursiveComparison().ignoringFields("eventId").isEqualTo(fromV1);
    assertThat(fromV2.getEventId()).isEqualTo("qi-2");
  }

  @Test
  void aFieldAnOldWriterLacksGetsItsDefault() throws Exception {
    GenericRecord old = inspection(NO_DEFECTS, "qi-0", 0);
    assertThat(mapper.map(record(wire(4, old), 0)).orElseThrow().getMeasures())
        .isEqualTo(Map.of("lot_size", 400.0, "defects", 0.0));
  }

  @Test
  void aNullNestedRecordIsAnAbsentObjectId() throws Exception {
    GenericRecord noSupplier = inspection(V1, "qi-3", 0);
    ((GenericRecord) noSupplier.get("lot")).put("supplier", null);
    assertThatThrownBy(() -> mapper.map(record(wire(1, noSupplier), 0)))
        .isInstanceOfSatisfying(UnmappableRecordException.class, e -> assertThat(e.reason())
            .isEqualTo(DeadLetterReason.INVALID_RECORD))
        .hasMessage("MISSING_OBJECT_ID: supplier id field 'lot.supplier.id' is absent or empty");
  }

  @Test
  void wireFormatAndSchemaProblemsAreClassified() throws Exception {
    byte[] good = wire(1, inspection(V1, "qi-1", 3));
    assertReason(new byte[] {1, 0, 0, 0, 1, 2}, DeadLetterReason.WRONG_MAGIC_BYTE,
        "the value starts with byte 1, expected the Confluent wire-format magic byte 0");
    assertReason(new byte[] {0, 0, 1}, DeadLetterReason.TRUNCATED,
        "the value has 3 bytes, fewer than the 5-byte wire-format header");
    assertReason(Arrays.copyOf(good, good.length - 3), DeadLetterReason.TRUNCATED,
        "the Avro payload (" + (good.length - 8) + " bytes, writer schema id 1) ends before the record does");
    assertReason(Arrays.copyOf(good, good.length + 2), DeadLetterReason.CORRUPT_PAYLOAD,
        "the Avro payload (" + (good.length - 3) + " bytes) has bytes left after the record of writer schema id 1");
    // The first field's length prefix corrupted to 10^9 (zigzag varint): refused, not allocated.
    byte[] hugeLength = {0, 0, 0, 0, 1, (byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07, 'q', 'i'};
    assertReason(hugeLength, DeadLetterReason.TRUNCATED, "the Avro payload (7 bytes, writer schema id 1) ends "
        + "before the record does: string declares 1000000000 bytes but only 2 are left");
    assertReason(wire(99, inspection(V1, "qi-1", 3)), DeadLetterReason.UNKNOWN_SCHEMA_ID,
        "the registry has no schema with id 99");
    GenericRecord text = inspection(TEXT_DEFECTS, "qi-4", 0);
    text.put("defectCount", "three");
    assertReason(wire(3, text), DeadLetterReason.SCHEMA_MISMATCH, "records of writer schema id 3 "
        + "(com.example.qms.InspectionResult) cannot be mapped: in writer schema id 3: 'defectCount' is a string, "
        + "but measures.defects needs a number or a boolean");
  }

  @Test
  void validationNamesFileLineAndFieldOfAMissingOrNonNumericField() {
    SourceDefinition typo = SourceDefinitionFile.parse("""
        name: qms
        topic: qms.inspection-results
        format: avro
        eventType: {constant: quality_inspection}
        eventTime: {field: inspectedAt, form: epoch-millis}
        objects: {primary: {type: supplier, field: lot.supplier.id}}
        measures:
          lot_size: lot.sise
        """, "qms.yaml");
    assertThatThrownBy(() -> AvroSourceValidation.validate(typo, V1, "the latest schema"))
        .isInstanceOf(InvalidSourceDefinitionException.class)
        .hasMessage("qms.yaml:8: field 'measures.lot_size': in the latest schema: record com.example.qms.Lot has no "
            + "field 'sise' (its fields: [skuCode, size, supplier]): fix the path or register a schema version with "
            + "the field");

    SourceDefinition textMeasure = SourceDefinitionFile.parse("""
        name: qms
        topic: qms.inspection-results
        format: avro
        eventType: {constant: quality_inspection}
        eventTime: {field: inspectedAt, form: iso-8601}
        objects: {primary: {type: supplier, field: lot.supplier.id}}
        """, "qms.yaml");
    assertThatThrownBy(() -> AvroSourceValidation.validate(textMeasure, V1, "the latest schema"))
        .isInstanceOf(InvalidSourceDefinitionException.class)
        .hasMessage("qms.yaml:5: field 'eventTime.field': in the latest schema: 'inspectedAt' is a long "
            + "(timestamp-millis), but eventTime.field needs text");

    SourceDefinition throughScalar = SourceDefinitionFile.parse("""
        name: qms
        topic: qms.inspection-results
        format: avro
        eventType: {constant: quality_inspection}
        eventTime: {field: inspectedAt, form: epoch-millis}
        objects: {primary: {type: supplier, field: result.id}}
        """, "qms.yaml");
    assertThatThrownBy(() -> AvroSourceValidation.validate(throughScalar, V1, "the latest schema"))
        .hasMessage("qms.yaml:6: field 'objects.primary.field': in the latest schema: 'result' is a string, not a "
            + "record, so it has no field 'id'");

    AvroSourceValidation.validate(QMS, V1, "the latest schema");
    AvroSourceValidation.validate(QMS, V2, "the latest schema");
  }

  private void assertReason(byte[] value, DeadLetterReason reason, String message) {
    assertThatThrownBy(() -> mapper.map(record(value, 0)))
        .isInstanceOfSatisfying(UnmappableRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageStartingWith(message);
  }

  static GenericRecord inspection(Schema schema, String id, int defects) {
    Schema lotSchema = schema.getField("lot").schema();
    Schema supplierSchema = lotSchema.getField("supplier").schema().getTypes().get(1);
    GenericRecord supplier = new GenericData.Record(supplierSchema);
    supplier.put("id", "S-14");
    supplier.put("tier", new GenericData.EnumSymbol(supplierSchema.getField("tier").schema(), "T1"));
    GenericRecord lot = new GenericData.Record(lotSchema);
    lot.put("skuCode", "SKU-0001");
    lot.put("size", 400);
    lot.put("supplier", supplier);
    GenericRecord record = new GenericData.Record(schema);
    record.put("inspectionId", id);
    record.put("inspectedAt", Instant.parse("2026-03-02T08:15:00Z").toEpochMilli());
    record.put("lot", lot);
    if (schema.getField("defectCount") != null) {
      record.put("defectCount", defects);
    }
    record.put("result", defects == 0 ? "pass" : "fail");
    return record;
  }

  /** Confluent wire format: magic byte 0, the schema id big-endian, the Avro binary record. */
  static byte[] wire(int schemaId, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
