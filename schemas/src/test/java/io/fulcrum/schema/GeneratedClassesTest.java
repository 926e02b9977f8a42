package io.fulcrum.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.avro.AvroMissingFieldException;
import org.junit.jupiter.api.Test;

/** What producers rely on in the generated classes: defaults fill optional fields, required ones are enforced. */
class GeneratedClassesTest {

  @Test
  void optionalFieldsTakeTheirDefaults() {
    Instant t = Instant.parse("2026-03-02T08:00:00Z");
    OperationalEvent event = OperationalEvent.newBuilder()
        .setEventId("e1").setSource("tms").setEventType("shipment_delivered")
        .setEventTime(t).setIngestionTime(t).setObject(new BusinessObjectRef("sku", "SKU-1"))
        .build();

    assertThat(event.getRelatedObjects()).isEmpty();
    assertThat(event.getMeasures()).isEmpty();
    assertThat(event.getAttributes()).isEmpty();
    assertThat(event.getEventTime()).isEqualTo(t);
  }

  @Test
  void requiredFieldsWithoutDefaultMustBeSet() {
    assertThatThrownBy(() -> KpiValue.newBuilder().setKpiId("otif").build())
        .isInstanceOf(AvroMissingFieldException.class)
        .hasMessageContaining("object");
  }

  @Test
  void enumsFallBackToTheirDefaultSymbol() {
    assertThat(InitiativeStatus.getClassSchema().getEnumDefault()).isEqualTo("UNKNOWN");
    assertThat(DeadLetterReason.getClassSchema().getEnumDefault()).isEqualTo("OTHER");
  }
}
