package io.fulcrum.kpi.internal;

import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiWindow;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.KpiValue;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the open windows of every KPI for one business object (the key) and emits {@link KpiValue}s.
 *
 * <ul>
 *   <li>A pane (window group x window) registers its event-time timer once, when it is created, at the window's last
 *       millisecond; all KPIs of the group share it. When the watermark passes, every KPI with data in the pane is
 *       emitted with revision 0 and a cleanup timer is set at end + allowed lateness.</li>
 *   <li>A late contribution within the lateness updates the pane and marks the KPI dirty; a timer at the next
 *       watermark emits the corrected value once with the next revision, however many late events came between
 *       two watermarks.</li>
 *   <li>At the cleanup time the pane is dropped, so state holds only windows that can still change.</li>
 * </ul>
 * Contributions later than the lateness never arrive here: {@link ContributionSplitter} dead-letters them.
 */
public final class KpiWindowFunction extends KeyedProcessFunction<String, Contribution, KpiValue> {

    private static final long serialVersionUID = 1L;

    /** The state's name: stable, savepoints find the state by it. */
    public static final String STATE_NAME = "kpi-object-windows";

    // ---- configuration ----
    private final List<KpiDefinition> definitions;

    // ---- per task, not checkpointed ----
    private transient KpiPlan plan;
    private transient ValueState<ObjectWindows> windows;
    /**
     * Whether the state backend keeps objects on the heap: then the object {@code value()} returns is the stored one
     * (the copy-on-write map copies it first when a snapshot holds it), so updating it in place needs no second
     * lookup to write it back. Any other backend (RocksDB, ForSt) gets {@code update()} after every change.
     */
    private transient boolean heapState;

    // ---- checkpointed: the ValueState above ----

    public KpiWindowFunction(List<KpiDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
    }

    @Override
    public void open(OpenContext openContext) {
        plan = new KpiPlan(definitions);
        windows = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, ObjectWindows.typeInfo()));
        heapState = windows.getClass().getName().startsWith("org.apache.flink.runtime.state.heap.");
    }

    @Override
    public void processElement(Contribution c, Context ctx, Collector<KpiValue> out) throws Exception {
        ObjectWindows state = windows.value();
        boolean created = state == null;
        if (created) {
            state = new ObjectWindows();
        }
        long ownWatermark = ctx.timerService().currentWatermark();
        // The splitter judged lateness against its watermark, which may be ahead of ours: follow its judgement.
        long lateBefore = Math.max(ownWatermark, c.watermark);
        long t = c.timestamp;
        ObjectWindows.Pane last = null;   // the KPIs of a contribution mostly share one pane
        int lastGroup = -1;
        long lastStart = 0;
        for (int i = 0; i < c.size; i++) {
            int k = c.kpi[i];
            int g = plan.groupOf(k);
            int slot = plan.slotOf(k);
            KpiPlan.WindowGroup group = plan.group(g);
            KpiWindow w = group.window;
            long size = w.sizeMillis();
            if (g != lastGroup) {   // lastStart divides: once per group, not per KPI
                lastGroup = g;
                lastStart = w.lastStart(t);
            }
            for (long start = lastStart; start > t - size; start -= w.slideMillis()) {
                long end = start + size;
                if (group.cleanupTime(end) <= lateBefore) {
                    continue;
                }
                ObjectWindows.Pane pane = last != null && last.group == g && last.start == start ? last
                        : state.find(g, start);
                if (pane == null) {
                    pane = new ObjectWindows.Pane(g, start, end, group.kpis.length);
                    state.panes.add(pane);
                    ctx.timerService().registerEventTimeTimer(Math.max(end - 1, ownWatermark + 1));
                }
                last = pane;
                KpiAccumulator acc = pane.accumulators[slot];
                if (acc == null) {
                    acc = KpiAccumulator.create(plan.aggregation(k));
                    pane.accumulators[slot] = acc;
                }
                acc.add(c.a[i], c.b[i], c.text(i), c.events(i));
                if (pane.fired) {
                    if (!pane.isDirty(slot)) {
                        pane.markDirty(slot);
                        ctx.timerService().registerEventTimeTimer(ownWatermark + 1);
                    }
                }
            }
        }
        if (created || !heapState) {
            windows.update(state);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
        ObjectWindows state = windows.value();
        if (state == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        BusinessObjectRef object = null;
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        for (int p = state.panes.size() - 1; p >= 0; p--) {
            ObjectWindows.Pane pane = state.panes.get(p);
            KpiPlan.WindowGroup group = plan.group(pane.group);
            if (pane.end - 1 > timestamp) {
                continue;
            }
            long cleanup = group.cleanupTime(pane.end);
            boolean dropped = cleanup <= timestamp;
            boolean first = !pane.fired;
            Instant start = null;
            Instant end = null;
            for (int slot = 0; slot < pane.accumulators.length; slot++) {
                KpiAccumulator acc = pane.accumulators[slot];
                if (acc != null && (first || pane.isDirty(slot))) {
                    if (object == null) {
                        object = new BusinessObjectRef(Contribution.objectType(key), Contribution.objectId(key));
                    }
                    if (start == null) {
                        start = Instant.ofEpochMilli(pane.start);
                        end = Instant.ofEpochMilli(pane.end);
                    }
                    // A pane dropped now needs no record of what it emitted.
                    int revision = dropped ? pane.revision(slot) + 1 : pane.emitted(slot);
                    out.collect(value(plan.kpi(group.kpis[slot]).id(), object, start, end, acc, revision, now));
                }
            }
            if (first) {
                pane.fired = true;
                if (!dropped) {
                    ctx.timerService().registerEventTimeTimer(cleanup);
                }
            }
            if (dropped) {
                state.panes.remove(p);
            }
        }
        if (state.panes.isEmpty()) {
            windows.clear();
        } else {
            windows.update(state);
        }
    }

    private static KpiValue value(String kpiId, BusinessObjectRef object, Instant start, Instant end,
                                  KpiAccumulator acc, int revision, Instant now) {
        // Setters, not the builder (it validates and copies every field, which showed up in the benchmark profile at
        // ~100k values per window firing) nor the all-fields constructor (it takes the value and the count boxed).
        KpiValue v = new KpiValue();
        v.setKpiId(kpiId);
        v.setObject(object);
        v.setWindowStart(start);
        v.setWindowEnd(end);
        v.setValue(acc.value());
        if (acc.isRatio()) {
            v.setNumerator(acc.numerator());
            v.setDenominator(acc.denominator());
        }
        v.setSampleCount(acc.count());
        v.setRevision(revision);
        v.setComputedAt(now);
        return v;
    }
}
