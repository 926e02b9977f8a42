package io.fulcrum.connect.source;

import static io.fulcrum.connect.source.Records.KAFKA_TIMESTAMP;
import static io.fulcrum.connect.source.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRecordMapperTest {

  private static final SourceDefinition ERP = SourceDefinitionFile.parse("""
      name: erp
      topic: erp.order-lines
      format: csv
      columns: [order_id, line_no, created_at, sku, plant, quantity, category, status]
      eventType: {constant: order_created}
      eventTime: {field: created_at, form: pattern, pattern: yyyy-MM-dd HH:mm:ss, zone: Europe/Berlin}
      eventId: {fields: [order_id, line_no]}
      objects:
        primary: {type: sku, field: sku}
        related: [{type: plant, field: plant}]
      measures: {quantity_ordered: quantity}
      attributes: {category: category}
      filter: {skip: [{field: status, in: [DRAFT]}]}
      """, "erp.yaml");

  private final RecordMapper mapper = RecordMapper.of(ERP, null);

  @Test
  void mapsALineWithQuotingAndLocalTime() throws Exception {
    // 09:15 in Berlin in winter (CET, UTC+1) is 08:15 UTC; in summer (CEST, UTC+2) 07:15 UTC.
    OperationalEvent expected = OperationalEvent.newBuilder()
        .setEventId("4500012345:10")
        .setSource("erp")
        .setEventType("order_created")
        .setEventTime(Instant.parse("2026-03-02T08:15:00Z"))
        .setIngestionTime(Instant.ofEpochMilli(KAFKA_TIMESTAMP))
        .setObject(new BusinessObjectRef("sku", "SKU-0001"))
        .setRelatedObjects(List.of(new BusinessObjectRef("plant", "P-01")))
        .setMeasures(Map.of("quantity_ordered", 120.5))
        .setAttributes(Map.of("category", "nuts, bolts \"M8\""))
        .build();
    assertThat(mapper.map(record("4500012345,10,2026-03-02 09:15:00,SKU-0001,P-01,120.5,"
        + "\"nuts, bolts \"\"M8\"\"\",OPEN"))).contains(expected);
    assertThat(mapper.map(record("4500012345,10,2026-07-02 09:15:00,SKU-0001,P-01,120.5,c,OPEN\n"))
        .orElseThrow().getEventTime()).isEqualTo(Instant.parse("2026-07-02T07:15:00Z"));
  }

  @Test
  void emptyColumnsAreAbsent() throws Exception {
    OperationalEvent event = mapper.map(record("1,1,2026-03-02 09:15:00,SKU-0001,P-01,,,OPEN")).orElseThrow();
    assertThat(event.getMeasures()).isEmpty();
    assertThat(event.getAttributes()).isEmpty();
  }

  @Test
  void skipsDrafts() throws Exception {
    assertThat(mapper.map(record("1,1,2026-03-02 09:15:00,SKU-0001,P-01,5,c,DRAFT"))).isEmpty();
  }

  @Test
  void badLinesAreUnmappable() {
    assertThatThrownBy(() -> mapper.map(record("1,1,2026-03-02 09:15:00,SKU-0001,P-01,5,c")))
        .isInstanceOfSatisfying(UnmappableRecordException.class, e -> assertThat(e.reason())
            .isEqualTo(DeadLetterReason.CORRUPT_PAYLOAD))
        .hasMessage("MALFORMED: the line has 7 columns, expected 8 [order_id, line_no, created_at, sku, plant, "
            + "quantity, category, status]");
    assertThatThrownBy(() -> mapper.map(record("1,1,2026-03-02 09:15:00,SKU-0001,P-01,5,c,OPEN\n"
        + "2,1,2026-03-02 09:15:00,SKU-0001,P-01,5,c,OPEN")))
        .hasMessageStartingWith("MALFORMED: the value holds more than one CSV line");
    assertThatThrownBy(() -> mapper.map(record("1,1,2026-03-02 09:15:00,SKU-0001,P-01,five,c,OPEN")))
        .hasMessage("WRONG_TYPE: measure 'quantity_ordered' field 'quantity' holds text 'five', expected a number "
            + "or a boolean");
    assertThatThrownBy(() -> mapper.map(record("1,1,2026-03-02T09:15,SKU-0001,P-01,5,c,OPEN")))
        .hasMessage("UNPARSABLE_TIME: event time field 'created_at' holds text '2026-03-02T09:15', expected a "
            + "text in pattern 'yyyy-MM-dd HH:mm:ss'");
    assertThatThrownBy(() -> mapper.map(record("1,1,2026-03-02 09:15:00,,P-01,5,c,OPEN")))
        .hasMessage("MISSING_OBJECT_ID: sku id field 'sku' is absent or empty");
  }
}
