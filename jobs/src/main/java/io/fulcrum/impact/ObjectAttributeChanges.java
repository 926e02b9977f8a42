package io.fulcrum.impact;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns events into attribute observations of every object they name (primary and related), sent on only when they
 * differ from the last one this subtask sent for the object, so the steady stream of events with unchanged
 * attributes does not cross the network to {@link LatestObjectAttributes}.
 *
 * <p>An event's attributes are attributed to every object it names: events carry one attribute map, not one per
 * object (an order line's {@code category} describes its SKU, its {@code region} its plant). Selectors name the
 * object type, so a condition is matched against the objects it makes sense for.
 *
 * <p>The memory of what was sent is a bounded least-recently-used cache, not checkpointed: after a restart or an
 * eviction an observation is sent again, which downstream merges without effect.
 */
public final class ObjectAttributeChanges extends RichFlatMapFunction<OperationalEvent, ObjectAttributes> {

    private static final long serialVersionUID = 1L;

    private final int cachedObjects;
    /**
     * Object id -> what was last sent for it. Keyed by the id string rather than the Avro object reference, whose
     * hashCode and equals walk its schema on every event; an id shared by objects of two types just misses.
     */
    private transient Map<String, ObjectAttributes> sent;

    /** @param cachedObjects objects whose last sent attributes are remembered per subtask */
    public ObjectAttributeChanges(int cachedObjects) {
        if (cachedObjects < 1) {
            throw new IllegalArgumentException("cachedObjects is " + cachedObjects + "; remember at least 1 object");
        }
        this.cachedObjects = cachedObjects;
    }

    @Override
    public void open(OpenContext openContext) {
        sent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ObjectAttributes> eldest) {
                return size() > cachedObjects;
            }
        };
    }

    @Override
    public void flatMap(OperationalEvent event, Collector<ObjectAttributes> out) {
        Map<String, String> attributes = event.getAttributes();
        if (attributes.isEmpty()) {
            return;
        }
        long time = event.getEventTime().toEpochMilli();
        observe(event.getObject(), attributes, time, out);
        for (BusinessObjectRef related : event.getRelatedObjects()) {
            observe(related, attributes, time, out);
        }
    }

    private void observe(BusinessObjectRef object, Map<String, String> attributes, long time,
            Collector<ObjectAttributes> out) {
        ObjectAttributes last = sent.get(object.getId());
        if (last == null || !last.objectType.equals(object.getType()) || !last.attributes.equals(attributes)) {
            ObjectAttributes observed = new ObjectAttributes(object, attributes, time);
            sent.put(object.getId(), observed);
            out.collect(observed);
        }
    }
}
