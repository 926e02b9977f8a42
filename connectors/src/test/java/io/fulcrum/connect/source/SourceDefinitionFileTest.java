package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceDefinitionFileTest {

  private static final String FILE = "sources/tms.yaml";

  private static final String COMPLETE = """
      name: tms-eu
      topic: tms.shipment-events
      format: json
      eventType:
        field: kind
      eventTime:
        field: times.deliveredAt
        form: iso-8601
        zone: Europe/Berlin
      eventId:
        fields: [shipmentId, stop]
      objects:
        primary: {type: route, field: lane.code}
        related:
          - {type: sku, field: item.sku}
      measures:
        quantity_delivered: quantity.delivered
        lead_time_hours: {field: leadTimeSeconds, scale: seconds->hours, default: 0}
        weight_t: {field: weightKg, scale: 0.001}
      attributes:
        carrier: carrier.scac
      filter:
        skip:
          - field: status
            in: [CANCELLED, PLANNED]
      """;

  @Test
  void readsEveryPartOfACompleteDefinition() {
    SourceDefinition d = SourceDefinitionFile.parse(COMPLETE, FILE);

    assertThat(d.name()).isEqualTo("tms-eu");
    assertThat(d.topic()).contains("tms.shipment-events");
    assertThat(d.topicPattern()).isEmpty();
    assertThat(d.format()).isEqualTo(SourceFormat.JSON);
    assertThat(d.subject()).isEmpty();
    assertThat(d.eventType().constant()).isEmpty();
    assertThat(d.eventType().field()).map(FieldPath::text).contains("kind");
    assertThat(d.eventTime().field()).isEqualTo(new FieldPath("times.deliveredAt",
        List.of("times", "deliveredAt"), new DeclaredAt(FILE, 7)));
    assertThat(d.eventTime().form()).isEqualTo(TimeForm.ISO_8601);
    assertThat(d.eventTime().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(d.eventIdFields()).map(FieldPath::text).containsExactly("shipmentId", "stop");
    assertThat(d.primaryObject().type()).isEqualTo("route");
    assertThat(d.primaryObject().id().segments()).containsExactly("lane", "code");
    assertThat(d.primaryObject().id().declaredAt().line()).isEqualTo(13);
    assertThat(d.relatedObjects()).extracting(ObjectMapping::type).containsExactly("sku");
    assertThat(d.measures()).extracting(MeasureMapping::name)
        .containsExactly("quantity_delivered", "lead_time_hours", "weight_t");
    MeasureMapping quantity = d.measures().get(0);
    assertThat(quantity.scale()).isEqualTo(1.0);
    assertThat(quantity.defaultValue()).isEmpty();
    MeasureMapping leadTime = d.measures().get(1);
    assertThat(leadTime.scale()).isEqualTo(1.0 / 3600);
    assertThat(leadTime.defaultValue()).hasValue(0.0);
    assertThat(d.measures().get(2).scale()).isEqualTo(0.001);
    assertThat(d.attributes()).containsExactly(new AttributeMapping("carrier",
        FieldPath.parse("carrier.scac", new DeclaredAt(FILE, 21))));
    assertThat(d.skipRules()).hasSize(1);
    assertThat(d.skipRules().get(0).values()).containsExactly("CANCELLED", "PLANNED");
    assertThat(d.measureNames()).containsExactly("quantity_delivered", "lead_time_hours", "weight_t");
  }

  @Test
  void avroSubjectDefaultsToTheTopicValueSubject() {
    SourceDefinition d = SourceDefinitionFile.parse(minimal("avro", "topic: qms.results"), FILE);
    assertThat(d.subject()).contains("qms.results-value");
  }

  @Test
  void csvReadsColumnsAndDelimiter() {
    SourceDefinition d = SourceDefinitionFile.parse("""
        name: erp
        topic: erp.lines
        format: csv
        delimiter: ";"
        columns: [id, at, sku]
        eventType: {constant: order_created}
        eventTime: {field: at, form: pattern, pattern: "dd.MM.yyyy HH:mm", zone: Europe/Berlin}
        objects: {primary: {type: sku, field: sku}}
        """, FILE);
    assertThat(d.columns()).containsExactly("id", "at", "sku");
    assertThat(d.delimiter()).isEqualTo(';');
    assertThat(d.eventTime().pattern()).isEqualTo("dd.MM.yyyy HH:mm");
  }

  static Stream<Arguments> brokenDefinitions() {
    return Stream.of(
        Arguments.of("not YAML", """
            name: tms
            topic: [unclosed
            format: json
            """, 3, "(syntax)", "not valid YAML"),
        Arguments.of("a typo in a key", minimal("json", "topic: t") + "mesures:\n  q: qty\n", 7, "mesures",
            "unknown key 'mesures'"),
        Arguments.of("no name", minimal("json", "topic: t").replace("name: s\n", ""), 1, "name",
            "'name' is missing"),
        Arguments.of("an unknown format", minimal("xml", "topic: t"), 3, "format",
            "format 'xml' is unknown: use one of avro, json, csv"),
        Arguments.of("no topic", minimal("json", ""), 1, "topic", "reads no topic"),
        Arguments.of("an unknown time form", minimal("json", "topic: t").replace("form: epoch-millis",
            "form: unix"), 5, "eventTime.form", "form 'unix' is unknown"),
        Arguments.of("a pattern without zone", minimal("json", "topic: t").replace("form: epoch-millis",
            "form: pattern, pattern: yyyy"), 5, "eventTime.pattern", "needs a pattern and a zone"),
        Arguments.of("an unknown zone", minimal("json", "topic: t").replace("form: epoch-millis",
            "form: iso-8601, zone: Mars/Olympus"), 5, "eventTime.zone", "zone 'Mars/Olympus' is unknown"),
        Arguments.of("a bad scale unit", minimal("json", "topic: t") + "measures:\n  h: {field: s, scale: "
            + "fortnights->hours}\n", 8, "measures.h.scale", "time unit 'fortnights' is unknown"),
        Arguments.of("a scale that is no number", minimal("json", "topic: t") + "measures:\n  h: {field: s, "
            + "scale: lots}\n", 8, "measures.h.scale", "value 'lots' is not a finite number"),
        Arguments.of("an empty path segment", minimal("json", "topic: t") + "attributes:\n  c: carrier..scac\n",
            8, "attributes.c", "field path 'carrier..scac' has an empty name"),
        Arguments.of("a key given twice", minimal("json", "topic: t") + "measures:\n  q: a\n  q: b\n", 9,
            "measures.q", "'q' is given twice"),
        Arguments.of("both constant and field event type", minimal("json", "topic: t").replace(
            "eventType: {constant: e}", "eventType: {constant: e, field: kind}"), 4, "eventType",
            "give either a constant or a field"),
        Arguments.of("a csv path that is no column", """
            name: s
            topic: t
            format: csv
            columns: [at, sku]
            eventType: {constant: e}
            eventTime: {field: at, form: epoch-millis}
            objects: {primary: {type: sku, field: plant}}
            """, 7, "columns", "reads 'plant', which is not one of its columns [at, sku]"),
        Arguments.of("a skip rule without values", minimal("json", "topic: t") + "filter:\n  skip:\n    - {field: "
            + "status, in: []}\n", 9, "filter.skip[0]", "lists no values"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDefinitions")
  void brokenDefinitionsFailNamingFileLineAndField(String what, String yaml, int line, String field,
      String problem) {
    assertThatThrownBy(() -> SourceDefinitionFile.parse(yaml, FILE))
        .isInstanceOfSatisfying(InvalidSourceDefinitionException.class, e -> {
          assertThat(e.declaredAt()).isEqualTo(new DeclaredAt(FILE, line));
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.problem()).contains(problem);
          assertThat(e.getMessage()).startsWith(FILE + ":" + line + ": field '" + field + "': ");
        });
  }

  @Test
  void sourceNamesAreUniqueInACatalog() {
    SourceDefinition a = SourceDefinitionFile.parse(minimal("json", "topic: a"), "a.yaml");
    SourceDefinition b = SourceDefinitionFile.parse(minimal("json", "topic: b"), "b.yaml");
    assertThatThrownBy(() -> SourceCatalog.of(List.of(a, b)))
        .isInstanceOf(InvalidSourceDefinitionException.class)
        .hasMessage("b.yaml:1: field 'name': source name 's' is also used by a.yaml:1: give each source its own "
            + "name");
  }

  /** A valid definition with {@code topicLine} on line 2 (empty: none) and the format on line 3. */
  private static String minimal(String format, String topicLine) {
    return "name: s\n" + topicLine + "\nformat: " + format + "\n"
        + "eventType: {constant: e}\n"
        + "eventTime: {field: at, form: epoch-millis}\n"
        + "objects: {primary: {type: sku, field: sku}}\n";
  }
}
