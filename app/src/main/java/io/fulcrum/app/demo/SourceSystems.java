package io.fulcrum.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The demo's stand-ins for the operational systems: each turns a generated event into the record its system
 * publishes (the transport system's JSON, the quality system's Avro, the ERP's CSV line), in the shapes that the
 * shipped source definitions under {@code config/demo/sources} map back onto {@link OperationalEvent}s.
 */
final class SourceSystems {

    /** The ERP exports local time of its data centre. */
    static final ZoneId ERP_ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter ERP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ERP_ZONE);

    private final SupplyChainWorld world;
    private final ObjectMapper json = new ObjectMapper();
    private final Schema inspectionSchema;

    SourceSystems(SupplyChainWorld world, Schema inspectionSchema) {
        this.world = world;
        this.inspectionSchema = inspectionSchema;
    }

    /** A delivered shipment as the transport management system publishes it. */
    byte[] tmsShipment(OperationalEvent e) {
        return tmsStatus(e, "DELIVERED");
    }

    /**
     * An earlier status message of the same shipment; the TMS publishes every status change, and the source
     * definition skips all but deliveries.
     */
    byte[] tmsDispatched(OperationalEvent e) {
        return tmsStatus(e, "DISPATCHED");
    }

    private byte[] tmsStatus(OperationalEvent e, String status) {
        Map<String, Double> m = e.getMeasures();
        Map<String, String> a = e.getAttributes();
        SupplyChainWorld.Route route = world.routes.stream()
                .filter(r -> r.id().equals(e.getObject().getId())).findFirst().orElseThrow();
        ObjectNode n = json.createObjectNode();
        n.put("shipmentId", e.getEventId());
        n.put("status", status);
        ObjectNode lane = n.putObject("lane");
        lane.put("code", route.id());
        lane.put("origin", route.origin());
        lane.put("destination", route.destination());
        n.putObject("carrier").put("scac", a.get("carrier"));
        ObjectNode shipFrom = n.putObject("shipFrom");
        shipFrom.put("plantId", related(e, "plant"));
        shipFrom.put("region", a.get("region"));
        ObjectNode item = n.putObject("item");
        item.put("sku", related(e, "sku"));
        item.put("category", a.get("category"));
        ObjectNode supplier = item.putObject("supplier");
        supplier.put("id", related(e, "supplier"));
        supplier.put("tier", a.get("tier"));
        ObjectNode quantity = n.putObject("quantity");
        quantity.put("ordered", m.get("quantity_ordered"));
        quantity.put("delivered", m.get("quantity_delivered"));
        quantity.put("uom", "EA");
        n.put("promisedDeliveryAt", a.get("promised_time"));
        n.put("deliveredAt", e.getEventTime().toString());
        n.put("leadTimeMinutes", Math.round(m.get("lead_time_hours") * 60));
        ObjectNode performance = n.putObject("performance");
        performance.put("onTime", m.get("on_time") == 1.0);
        performance.put("inFull", m.get("in_full") == 1.0);
        performance.put("otif", m.get("otif") == 1.0);
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A lot inspection as the quality management system publishes it (Avro, its own schema). */
    GenericRecord qmsInspection(OperationalEvent e) {
        Schema lotSchema = inspectionSchema.getField("lot").schema();
        Schema supplierSchema = lotSchema.getField("supplier").schema();
        GenericRecord supplier = new GenericData.Record(supplierSchema);
        supplier.put("id", e.getObject().getId());
        supplier.put("country", e.getAttributes().get("country"));
        supplier.put("tier", e.getAttributes().get("tier"));
        GenericRecord lot = new GenericData.Record(lotSchema);
        lot.put("lotNumber", "L-" + e.getEventId());
        lot.put("skuCode", related(e, "sku"));
        lot.put("category", e.getAttributes().get("category"));
        lot.put("size", e.getMeasures().get("lot_size").intValue());
        lot.put("supplier", supplier);
        GenericRecord r = new GenericData.Record(inspectionSchema);
        r.put("inspectionId", e.getEventId());
        r.put("inspectedAt", e.getEventTime().toEpochMilli());
        r.put("plantCode", related(e, "plant"));
        r.put("lot", lot);
        int defects = e.getMeasures().get("defects").intValue();
        r.put("defectCount", defects == 0 ? null : defects); // the QMS leaves the count empty for a clean lot
        r.put("result", e.getAttributes().get("result"));
        return r;
    }

    /** An order line as the ERP exports it: a header-less CSV line in the ERP's local time. */
    byte[] erpOrderLine(OperationalEvent e) {
        String orderId = "45" + String.format("%08d", Integer.parseInt(e.getEventId().substring(4)));
        String line = String.join(",", orderId, "10", ERP_TIME.format(e.getEventTime()), e.getObject().getId(),
                related(e, "plant"), related(e, "supplier"),
                Long.toString(Math.round(e.getMeasures().get("quantity_ordered"))), "EA",
                e.getAttributes().get("category"), e.getAttributes().get("abc_class"),
                e.getAttributes().get("region"), "OPEN");
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static String related(OperationalEvent e, String type) {
        return e.getRelatedObjects().stream().filter(o -> o.getType().equals(type)).map(BusinessObjectRef::getId)
                .findFirst().orElseThrow(() -> new IllegalStateException(e.getEventId() + " names no " + type));
    }
}
