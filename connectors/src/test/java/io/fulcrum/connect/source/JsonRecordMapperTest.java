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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonRecordMapperTest {

  private static final SourceDefinition TMS = SourceDefinitionFile.parse("""
      name: tms-eu
      topic: tms.shipment-events
      format: json
      eventType: {constant: shipment_delivered}
      eventTime: {field: deliveredAt, form: iso-8601}
      eventId: {fields: [shipmentId, stop]}
      objects:
        primary: {type: route, field: lane.code}
        related:
          - {type: sku, field: items.0.sku}
          - {type: plant, field: shipFrom.plantNo}
      measures:
        quantity_delivered: quantity.delivered
        lead_time_hours: {field: leadTimeMinutes, scale: minutes->hours}
        damaged: {field: damagedUnits, default: 0}
        on_time: performance.onTime
      attributes:
        carrier: carrier.scac
        pallets: pallets
      filter:
        skip: [{field: status, in: [CANCELLED]}]
      """, "tms-eu.yaml");

  private static final String DELIVERY = """
      {"shipmentId": "dlv-1", "stop": 2, "status": "DELIVERED", "lane": {"code": "DE-FR"},
       "items": [{"sku": "SKU-0001"}], "shipFrom": {"plantNo": 17},
       "quantity": {"delivered": 118}, "leadTimeMinutes": 90, "performance": {"onTime": true},
       "carrier": {"scac": "B"}, "pallets": 3.0, "deliveredAt": "2026-03-02T09:15:00+01:00"}
      """;

  private final RecordMapper mapper = RecordMapper.of(TMS, null);

  @Test
  void mapsEveryPartOfARecord() throws Exception {
    OperationalEvent expected = OperationalEvent.newBuilder()
        .setEventId("dlv-1:2")
        .setSource("tms-eu")
        .setEventType("shipment_delivered")
        .setEventTime(Instant.parse("2026-03-02T08:15:00Z"))
        .setIngestionTime(Instant.ofEpochMilli(KAFKA_TIMESTAMP))
        .setObject(new BusinessObjectRef("route", "DE-FR"))
        .setRelatedObjects(List.of(new BusinessObjectRef("sku", "SKU-0001"), new BusinessObjectRef("plant", "17")))
        .setMeasures(Map.of("quantity_delivered", 118.0, "lead_time_hours", 1.5, "damaged", 0.0, "on_time", 1.0))
        .setAttributes(Map.of("carrier", "B", "pallets", "3"))
        .build();

    assertThat(mapper.map(record(DELIVERY))).contains(expected);
  }

  @Test
  void skipsRecordsASkipRuleMatches() throws Exception {
    assertThat(mapper.map(record(DELIVERY.replace("DELIVERED", "CANCELLED")))).isEmpty();
  }

  @Test
  void absentOptionalPartsAreLeftOutAndEventIdsDeriveFromKafkaWithoutIdFields() throws Exception {
    SourceDefinition noIds = SourceDefinitionFile.parse("""
        name: tms-eu
        topic: tms.shipment-events
        format: json
        eventType: {field: kind}
        eventTime: {field: at, form: epoch-seconds}
        objects: {primary: {type: route, field: lane}}
        measures: {q: qty}
        attributes: {carrier: carrier}
        """, "t.yaml");
    OperationalEvent event = RecordMapper.of(noIds, null)
        .map(record(("{\"kind\": \"shipment_dispatched\", \"at\": 1772439300.5, \"lane\": \"DE-FR\", "
            + "\"carrier\": null}").getBytes(java.nio.charset.StandardCharsets.UTF_8), 41)).orElseThrow();
    assertThat(event.getEventId()).isEqualTo("tms.shipment-events/2/41");
    assertThat(event.getEventType()).isEqualTo("shipment_dispatched");
    assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_772_439_300_500L));
    assertThat(event.getMeasures()).isEmpty();
    assertThat(event.getAttributes()).isEmpty();
    assertThat(event.getRelatedObjects()).isEmpty();
  }

  static Stream<Arguments> badRecords() {
    return Stream.of(
        Arguments.of("{\"shipmentId\": ", DeadLetterReason.CORRUPT_PAYLOAD, "MALFORMED: the value is not JSON"),
        Arguments.of("[1, 2]", DeadLetterReason.CORRUPT_PAYLOAD, "MALFORMED: the value is JSON but not an object "
            + "(array)"),
        Arguments.of(DELIVERY.replace("\"code\": \"DE-FR\"", "\"code\": \"\""), DeadLetterReason.INVALID_RECORD,
            "MISSING_OBJECT_ID: route id field 'lane.code' is absent or empty"),
        Arguments.of(DELIVERY.replace("\"plantNo\": 17", "\"plantNo\": null"), DeadLetterReason.INVALID_RECORD,
            "MISSING_OBJECT_ID: plant id field 'shipFrom.plantNo' is absent or empty"),
        Arguments.of(DELIVERY.replace("\"deliveredAt\"", "\"arrivedAt\""), DeadLetterReason.INVALID_RECORD,
            "MISSING_EVENT_TIME: event time field 'deliveredAt' is absent"),
        Arguments.of(DELIVERY.replace("2026-03-02T09:15:00+01:00", "02.03.2026 09:15"),
            DeadLetterReason.INVALID_RECORD, "UNPARSABLE_TIME: event time field 'deliveredAt' holds text "
                + "'02.03.2026 09:15', expected an ISO-8601 date-time text, e.g. 2026-03-02T08:15:00Z"),
        Arguments.of(DELIVERY.replace("2026-03-02T09:15:00+01:00", "2026-03-02T09:15:00"),
            DeadLetterReason.INVALID_RECORD, "UNPARSABLE_TIME: event time field 'deliveredAt' holds text "
                + "'2026-03-02T09:15:00', expected an ISO-8601 date-time with an offset"),
        Arguments.of(DELIVERY.replace("\"stop\": 2, ", ""), DeadLetterReason.INVALID_RECORD,
            "MISSING_EVENT_ID: event id field 'stop' is absent"),
        Arguments.of(DELIVERY.replace("\"delivered\": 118", "\"delivered\": \"118 pcs\""),
            DeadLetterReason.INVALID_RECORD, "WRONG_TYPE: measure 'quantity_delivered' field 'quantity.delivered' "
                + "holds text '118 pcs', expected a number or a boolean"),
        Arguments.of(DELIVERY.replace("\"scac\": \"B\"", "\"scac\": {\"code\": \"B\"}"),
            DeadLetterReason.INVALID_RECORD, "WRONG_TYPE: attribute 'carrier' field 'carrier.scac' holds a "
                + "structured value"),
        Arguments.of(DELIVERY.replace("\"code\": \"DE-FR\"", "\"code\": 1.5"), DeadLetterReason.INVALID_RECORD,
            "WRONG_TYPE: route id field 'lane.code' holds number '1.5', expected text or a whole number"));
  }

  @ParameterizedTest
  @MethodSource("badRecords")
  void unmappableRecordsNameTheReason(String json, DeadLetterReason reason, String message) {
    assertThatThrownBy(() -> mapper.map(record(json)))
        .isInstanceOfSatisfying(UnmappableRecordException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).startsWith(message);
        });
  }

  @Test
  void eventTypeFromAnAbsentFieldIsUnmappable() {
    SourceDefinition byField = SourceDefinitionFile.parse("""
        name: s
        topic: t
        format: json
        eventType: {field: kind}
        eventTime: {field: at, form: epoch-millis}
        objects: {primary: {type: route, field: lane}}
        """, "t.yaml");
    assertThatThrownBy(() -> RecordMapper.of(byField, null).map(record("{\"at\": 1, \"lane\": \"L\"}")))
        .isInstanceOf(UnmappableRecordException.class)
        .hasMessage("MISSING_EVENT_TYPE: event type field 'kind' is absent");
  }
}
