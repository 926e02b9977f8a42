package io.fulcrum.connect.testdata;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/** Delivery events for tests, every field set. */
public final class OperationalEvents {

  private OperationalEvents() {}

  /** The n-th delivery of SKU-n from plant P-(n mod 3), on time when n is even. */
  public static OperationalEvent delivery(int n) {
    Instant at = Instant.parse("2026-03-02T08:00:00Z").plusSeconds(60L * n);
    return OperationalEvent.newBuilder()
        .setEventId("evt-" + n)
        .setSource("tms-eu")
        .setEventType("shipment_delivered")
        .setEventTime(at)
        .setIngestionTime(at.plusMillis(1500))
        .setObject(new BusinessObjectRef("sku", "SKU-" + n))
        .setRelatedObjects(List.of(new BusinessObjectRef("plant", "P-" + (n % 3)),
            new BusinessObjectRef("route", "DE-FR")))
        .setMeasures(Map.of("quantity_ordered", 100.0 + n, "quantity_delivered", 100.0 + n - (n % 2)))
        .setAttributes(Map.of("carrier", n % 2 == 0 ? "B" : "A", "on_time", Boolean.toString(n % 2 == 0)))
        .build();
  }

  /** The event in Avro's JSON encoding (Avro's own encoder: independent of the wire-format code). */
  public static String avroJson(OperationalEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Encoder encoder = EncoderFactory.get().jsonEncoder(OperationalEvent.getClassSchema(), out);
      new SpecificDatumWriter<OperationalEvent>(OperationalEvent.class).write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
