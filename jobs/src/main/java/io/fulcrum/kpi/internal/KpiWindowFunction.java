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

    // ---- checkpointed: the ValueState above ----

    public KpiWindowFunction(List<KpiDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
    }

    @Override
    public void open(OpenContext openContext) {
        plan = new KpiPlan(definitions);
        windows = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, ObjectWindows.typeInfo()));
    }

    @Override
    public void processElement(Contribution c, Context ctx, Collector<KpiValue> out) throws Exception {
        ObjectWindows state = windows.value();
        if (state == null) {
            state = new ObjectWindows();
        }
        long ownWatermark = ctx.timerService().currentWatermark();
        // The splitter judged lateness against its watermark, which may be ahead of ours: follow its judgement.
        long lateBefore = Math.max(ownWatermark, c.watermark);
        long t = c.timestamp;
        for (int i = 0; i < c.size; i++) {
            int k = c.kpi[i];
            int g = plan.groupOf(k);
            int slot = plan.slotOf(k);
            KpiPlan.WindowGroup group = plan.group(g);
            KpiWindow w = group.window;
            long size = w.sizeMillis();
            for (long start = w.lastStart(t); start > t - size; start -= w.slideMillis()) {
                long end = start + size;
                if (group.cleanupTime(end) <= lateBefore) {
                    continue;
                }
                ObjectWindows.Pane pane = state.find(g, start);
                if (pane == null) {
                    pane = new ObjectWindows.Pane(g, start, end, group.kpis.length);
                    state.panes.add(pane);
                    ctx.timerService().registerEventTimeTimer(Math.max(end - 1, ownWatermark + 1));
                }
                KpiAccumulator acc = pane.accumulators[slot];
                if (acc == null) {
                    acc = KpiAccumulator.create(plan.aggregation(k));
                    pane.accumulators[slot] = acc;
                }
                acc.add(c.a[i], c.b[i], c.text[i]);
                if (pane.fired) {
                    if (!pane.dirty[slot]) {
                        pane.dirty[slot] = true;
                        ctx.timerService().registerEventTimeTimer(ownWatermark + 1);
                    }
                }
            }
        }
        windows.update(state);
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
            boolean first = !pane.fired;
            for (int slot = 0; slot < pane.accumulators.length; slot++) {
                KpiAccumulator acc = pane.accumulators[slot];
                if (acc != null && (first || pane.dirty[slot])) {
                    if (object == null) {
                        object = new BusinessObjectRef(Contribution.objectType(key), Contribution.objectId(key));
                    }
                    pane.revisions[slot]++;
                    pane.dirty[slot] = false;
                    out.collect(value(plan.kpi(group.kpis[slot]).id(), object, pane, acc, pane.revisions[slot], now));
                }
            }
            if (first) {
                pane.fired = true;
                if (cleanup > timestamp) {
                    ctx.timerService().registerEventTimeTimer(cleanup);
                }
            }
            if (cleanup <= timestamp) {
                state.panes.remove(p);
            }
        }
        if (state.panes.isEmpty()) {
            windows.clear();
        } else {
            windows.update(state);
        }
    }

    private static KpiValue value(String kpiId, BusinessObjectRef object, ObjectWindows.Pane pane,
                                  KpiAccumulator acc, int revision, Instant now) {
        boolean ratio = acc.isRatio();
        return KpiValue.newBuilder()
                .setKpiId(kpiId)
                .setObject(object)
                .setWindowStart(Instant.ofEpochMilli(pane.start))
                .setWindowEnd(Instant.ofEpochMilli(pane.end))
                .setValue(acc.value())
                .setNumerator(ratio ? acc.numerator() : null)
                .setDenominator(ratio ? acc.denominator() : null)
                .setSampleCount(acc.count())
                .setRevision(revision)
                .setComputedAt(now)
                .build();
    }
}
