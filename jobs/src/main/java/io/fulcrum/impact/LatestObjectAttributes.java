package io.fulcrum.impact;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by object: merges attribute observations into the object's current attributes, each attribute holding the
 * value of the latest event (by event time) that carried it, and emits the object's full attributes whenever one
 * of them changes. Out-of-order observations older than what is held change nothing.
 *
 * <p>State: one entry per (object, attribute name); objects are kept as long as the job runs (their number is the
 * number of business objects, not of events).
 */
public final class LatestObjectAttributes
        extends KeyedProcessFunction<String, ObjectAttributes, ObjectAttributes> {

    private static final long serialVersionUID = 1L;

    /** attribute name -> (value, event time it was observed at). */
    private transient MapState<String, Tuple2<String, Long>> current;

    @Override
    public void open(OpenContext openContext) {
        current = getRuntimeContext().getMapState(new MapStateDescriptor<>("object-attributes", Types.STRING,
                Types.TUPLE(Types.STRING, Types.LONG)));
    }

    @Override
    public void processElement(ObjectAttributes observed, Context ctx, Collector<ObjectAttributes> out)
            throws Exception {
        boolean changed = false;
        for (Map.Entry<String, String> e : observed.attributes.entrySet()) {
            Tuple2<String, Long> held = current.get(e.getKey());
            if (held == null || held.f1 <= observed.observedAt) {
                // A newer observation of the same value still moves the time, so an older, different value
                // arriving out of order later does not win.
                current.put(e.getKey(), Tuple2.of(e.getValue(), observed.observedAt));
                changed |= held == null || !held.f0.equals(e.getValue());
            }
        }
        if (changed) {
            Map<String, String> all = new HashMap<>();
            long latest = Long.MIN_VALUE;
            for (Map.Entry<String, Tuple2<String, Long>> e : current.entries()) {
                all.put(e.getKey(), e.getValue().f0);
                latest = Math.max(latest, e.getValue().f1);
            }
            ObjectAttributes merged = new ObjectAttributes();
            merged.objectType = observed.objectType;
            merged.objectId = observed.objectId;
            merged.attributes = all;
            merged.observedAt = latest;
            out.collect(merged);
        }
    }
}
