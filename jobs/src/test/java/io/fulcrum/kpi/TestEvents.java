package io.fulcrum.kpi;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random operational events for the engine tests: deliveries naming a SKU (sometimes two), a plant and a supplier,
 * plus inspections and orders, arriving out of order, some within and some beyond the lateness.
 * Measures are multiples of 0.25 so that sums are exact in double whatever the order of addition: the engine and the
 * brute force add in different orders, and the tests compare exactly.
 */
final class TestEvents {

    static final MeasureCatalog CATALOG = MeasureCatalog.builder()
            .eventType("shipment_delivered", "qty_ordered", "qty_delivered", "lead_time_h")
            .eventType("quality_inspection", "lot_size", "defects")
            .eventType("order_created", "qty_ordered")
            .build();

    static final long HOUR = 3_600_000L;
    static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

    /** An event and the watermark the engine had seen when it arrived. */
    static final class Arrival {
        final OperationalEvent event;
        final long watermark;

        Arrival(OperationalEvent event, long watermark) {
            this.event = event;
            this.watermark = watermark;
        }

        long time() {
            return event.getEventTime().toEpochMilli();
        }
    }

    private TestEvents() {
    }

    static List<KpiDefinition> definitions() {
        try {
            return KpiDefinitionLoader.withCatalog(CATALOG).load(
                    java.nio.file.Path.of(TestEvents.class.getResource("/kpis/engine-test.yaml").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code n} events in arrival order. Event times advance ~{@code hours} hours in total; most arrive up to 20
     * minutes out of order, {@code withinLateness} of them up to 90 minutes late and {@code beyondLateness} of
     * them up to 6 hours late.
     */
    static List<OperationalEvent> generate(long seed, int n, int hours, double withinLateness, double beyondLateness) {
        Random r = new Random(seed);
        List<OperationalEvent> out = new ArrayList<>(n);
        long span = hours * HOUR;
        for (int i = 0; i < n; i++) {
            long base = START + span * i / n;
            double u = r.nextDouble();
            long delay;
            if (u < beyondLateness) {
                delay = (long) (r.nextDouble() * 6 * HOUR);
            } else if (u < beyondLateness + withinLateness) {
                delay = (long) (r.nextDouble() * 1.5 * HOUR);
            } else {
                delay = (long) (r.nextDouble() * HOUR / 3);
            }
            out.add(event(r, i, Math.max(START, base - delay)));
        }
        return out;
    }

    private static OperationalEvent event(Random r, int i, long time) {
        double kind = r.nextDouble();
        String type = kind < 0.7 ? "shipment_delivered" : kind < 0.85 ? "quality_inspection" : "order_created";
        int sku = r.nextInt(12);
        List<BusinessObjectRef> related = new ArrayList<>();
        related.add(ref("plant", "P" + r.nextInt(3)));
        related.add(ref("supplier", "S" + r.nextInt(4)));
        if (r.nextDouble() < 0.2) {
            related.add(ref("sku", "SKU-" + r.nextInt(12)));  // several SKUs in one event, sometimes the same twice
        }
        Map<String, Double> measures = new HashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("category", "C" + (sku % 3));
        if (r.nextDouble() < 0.9) {
            attributes.put("supplier_country", r.nextBoolean() ? "DE" : "FR");
        }
        if (type.equals("shipment_delivered")) {
            double ordered = 1 + r.nextInt(40);
            if (r.nextDouble() < 0.95) {
                measures.put("qty_ordered", ordered);
            }
            measures.put("qty_delivered", r.nextDouble() < 0.8 ? ordered : r.nextInt((int) ordered + 1));
            if (r.nextDouble() < 0.9) {
                measures.put("lead_time_h", r.nextInt(400) / 4.0);
            }
            if (r.nextDouble() < 0.93) {
                attributes.put("carrier", String.valueOf((char) ('A' + r.nextInt(4))));
            }
            if (r.nextDouble() < 0.8) {
                attributes.put("promised_date", "2026-03-0" + (2 + r.nextInt(3)));
                attributes.put("on_time", String.valueOf(r.nextDouble() < 0.8));
                attributes.put("in_full", String.valueOf(r.nextDouble() < 0.85));
            }
        } else if (type.equals("quality_inspection")) {
            measures.put("lot_size", 100.0);
            measures.put("defects", (double) r.nextInt(5));
        } else {
            measures.put("qty_ordered", 1.0 + r.nextInt(40));
        }
        return OperationalEvent.newBuilder()
                .setEventId("e" + i)
                .setSource("test")
                .setEventType(type)
                .setEventTime(Instant.ofEpochMilli(time))
                .setIngestionTime(Instant.ofEpochMilli(time))
                .setObject(ref("sku", "SKU-" + sku))
                .setRelatedObjects(related)
                .setMeasures(measures)
                .setAttributes(attributes)
                .build();
    }

    static BusinessObjectRef ref(String type, String id) {
        return new BusinessObjectRef(type, id);
    }
}
