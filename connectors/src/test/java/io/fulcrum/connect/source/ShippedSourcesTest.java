package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The demo's example sources under config/demo/sources, and what they tell KPI definitions. */
class ShippedSourcesTest {

  private static final Path SHIPPED = Path.of("..", "config", "demo", "sources");

  @Test
  void theShippedSourcesLoadAndTheAvroOneFitsItsSchema() throws Exception {
    SourceCatalog catalog = SourceCatalog.load(SHIPPED);

    assertThat(catalog.sources()).extracting(SourceDefinition::name, SourceDefinition::format).containsExactly(
        org.assertj.core.groups.Tuple.tuple("erp", SourceFormat.CSV),
        org.assertj.core.groups.Tuple.tuple("qms", SourceFormat.AVRO),
        org.assertj.core.groups.Tuple.tuple("tms-eu", SourceFormat.JSON));
    Schema inspection = new Schema.Parser().parse(SHIPPED.resolve("schemas/InspectionResult.avsc").toFile());
    AvroSourceValidation.validate(catalog.sources().get(1), inspection, "InspectionResult.avsc");
  }

  @Test
  void theCatalogTellsWhichMeasuresAndEventTypesTheSourcesProvide() {
    SourceCatalog catalog = SourceCatalog.load(SHIPPED);

    assertThat(catalog.measureNames()).containsExactly("defects", "in_full", "lead_time_hours", "lot_size", "on_time",
        "otif", "quantity_delivered", "quantity_ordered");
    assertThat(catalog.provides("otif")).isTrue();
    assertThat(catalog.provides("scrap")).isFalse();
    assertThat(catalog.sourcesProviding("quantity_ordered")).extracting(SourceDefinition::name)
        .containsExactly("erp", "tms-eu");
    assertThat(catalog.eventTypesProviding("quantity_ordered"))
        .containsExactly("order_created", "shipment_delivered");
    assertThat(catalog.provides("quality_inspection", "defects")).isTrue();
    assertThat(catalog.provides("shipment_delivered", "defects")).isFalse();
    assertThat(catalog.providesForAnyEventType("defects")).isFalse();
  }

  @Test
  void aSourceWithItsEventTypeInAFieldMayProvideAMeasureForAnyType() {
    SourceDefinition byField = SourceDefinitionFile.parse("""
        name: wms
        topic: wms.events
        format: json
        eventType: {field: kind}
        eventTime: {field: at, form: iso-8601}
        objects: {primary: {type: plant, field: site}}
        measures: {on_hand: stock.onHand}
        """, "wms.yaml");
    SourceCatalog catalog = SourceCatalog.of(List.of(byField));
    assertThat(catalog.provides("stock_snapshot", "on_hand")).isTrue();
    assertThat(catalog.providesForAnyEventType("on_hand")).isTrue();
    assertThat(catalog.eventTypesProviding("on_hand")).isEmpty();
  }

  @Test
  void aMissingOrEmptyDirectoryIsAStartUpError() {
    assertThatThrownBy(() -> SourceCatalog.load(Path.of("no-such-dir")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-dir does not exist");
    assertThatThrownBy(() -> SourceCatalog.load(SHIPPED.resolve("schemas")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no *.yaml source definition");
  }
}
