package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** How the attributes of objects are learnt from events: only changes are sent, the latest event time wins. */
class ObjectAttributesTest {

    private static final BusinessObjectRef SKU = new BusinessObjectRef("sku", "SKU-1");
    private static final BusinessObjectRef PLANT = new BusinessObjectRef("plant", "P-01");

    private static OperationalEvent event(long time, Map<String, String> attributes) {
        return new OperationalEvent("e-" + time, "erp", "order_created", Instant.ofEpochMilli(time), Instant.EPOCH,
                SKU, List.of(PLANT), Map.of(), attributes);
    }

    @Test
    void eventsWithUnchangedAttributesSendNothingNewForTheirObjects() throws Exception {
        ObjectAttributeChanges changes = new ObjectAttributeChanges(1);
        changes.open(null);
        List<ObjectAttributes> out = new ArrayList<>();
        ListCollector<ObjectAttributes> collector = new ListCollector<>(out);
        changes.flatMap(event(1, Map.of("category", "fasteners")), collector);
        changes.flatMap(event(2, Map.of("category", "fasteners")), collector);
        changes.flatMap(event(3, Map.of()), collector);
        changes.flatMap(event(4, Map.of("category", "bearings")), collector);
        // Sent for the SKU and the plant the events name; the cache holds one object, so the plant evicts the SKU
        // and the repeated attributes of event 2 are sent again for the SKU (harmless downstream), not for the plant.
        assertThat(out).containsExactly(
                new ObjectAttributes(SKU, Map.of("category", "fasteners"), 1),
                new ObjectAttributes(PLANT, Map.of("category", "fasteners"), 1),
                new ObjectAttributes(SKU, Map.of("category", "fasteners"), 2),
                new ObjectAttributes(PLANT, Map.of("category", "fasteners"), 2),
                new ObjectAttributes(SKU, Map.of("category", "bearings"), 4),
                new ObjectAttributes(PLANT, Map.of("category", "bearings"), 4));

        List<ObjectAttributes> roomy = new ArrayList<>();
        ObjectAttributeChanges remembering = new ObjectAttributeChanges(10);
        remembering.open(null);
        remembering.flatMap(event(1, Map.of("category", "fasteners")), new ListCollector<>(roomy));
        remembering.flatMap(event(2, Map.of("category", "fasteners")), new ListCollector<>(roomy));
        assertThat(roomy).hasSize(2);
    }

    @Test
    void eachAttributeTakesTheValueOfTheLatestEventThatCarriedIt() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new LatestObjectAttributes()), ObjectAttributes::objectKey, Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(new ObjectAttributes(SKU, Map.of("category", "a", "abc", "A"), 10)));
            // Out of order: older than what is held for category, new for region.
            h.processElement(new StreamRecord<>(new ObjectAttributes(SKU, Map.of("category", "old", "region", "EU"), 5)));
            // Same value, later: no change to emit, but its time now guards against the older value below.
            h.processElement(new StreamRecord<>(new ObjectAttributes(SKU, Map.of("abc", "A"), 20)));
            h.processElement(new StreamRecord<>(new ObjectAttributes(SKU, Map.of("abc", "B"), 15)));
            h.processElement(new StreamRecord<>(new ObjectAttributes(SKU, Map.of("abc", "C"), 25)));
            assertThat(h.extractOutputValues()).containsExactly(
                    new ObjectAttributes(SKU, Map.of("category", "a", "abc", "A"), 10),
                    new ObjectAttributes(SKU, Map.of("category", "a", "abc", "A", "region", "EU"), 10),
                    new ObjectAttributes(SKU, Map.of("category", "a", "abc", "C", "region", "EU"), 25));
        }
    }
}
