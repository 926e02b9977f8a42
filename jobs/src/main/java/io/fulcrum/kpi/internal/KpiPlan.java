package io.fulcrum.kpi.internal;

import io.fulcrum.kpi.Aggregation;
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KPI definitions arranged for one pass per event: indexed by event type, and grouped by (window, lateness) so
 * that all KPIs of a group share one window pane and one timer per business object. Built in each task's
 * {@code open()} from the definitions (which are what gets serialized with the job).
 */
public final class KpiPlan {

    /** Contributions index KPIs with an unsigned short. */
    static final int MAX_KPIS = 65_535;

    /** KPIs that share a window and a lateness, hence panes and timers. */
    public static final class WindowGroup {
        public final KpiWindow window;
        public final long latenessMillis;
        /** Global KPI indexes, by slot. */
        public final int[] kpis;

        WindowGroup(KpiWindow window, long latenessMillis, int[] kpis) {
            this.window = window;
            this.latenessMillis = latenessMillis;
            this.kpis = kpis;
        }

        /** The last event time that still updates a window ending at {@code end}. */
        public long cleanupTime(long end) {
            long maxTimestamp = end - 1;
            long t = maxTimestamp + latenessMillis;
            return t < maxTimestamp ? Long.MAX_VALUE : t;
        }
    }

    private final KpiDefinition[] kpis;
    private final int[] groupOf;
    private final int[] slotOf;
    private final WindowGroup[] groups;
    private final Map<String, int[]> byEventType;
    private final int[] anyEventType;

    public KpiPlan(List<KpiDefinition> definitions) {
        if (definitions.isEmpty() || definitions.size() > MAX_KPIS) {
            throw new IllegalArgumentException("the KPI engine needs 1 to " + MAX_KPIS + " KPI definitions, got "
                    + definitions.size());
        }
        this.kpis = definitions.toArray(new KpiDefinition[0]);
        this.groupOf = new int[kpis.length];
        this.slotOf = new int[kpis.length];
        Map<List<Object>, List<Integer>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < kpis.length; i++) {
            List<Object> groupKey = List.of(kpis[i].window(), kpis[i].allowedLateness().toMillis());
            grouped.computeIfAbsent(groupKey, k -> new ArrayList<>()).add(i);
        }
        this.groups = new WindowGroup[grouped.size()];
        int g = 0;
        for (Map.Entry<List<Object>, List<Integer>> e : grouped.entrySet()) {
            int[] members = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            groups[g] = new WindowGroup((KpiWindow) e.getKey().get(0), (Long) e.getKey().get(1), members);
            for (int s = 0; s < members.length; s++) {
                groupOf[members[s]] = g;
                slotOf[members[s]] = s;
            }
            g++;
        }
        Map<String, List<Integer>> typed = new HashMap<>();
        List<Integer> any = new ArrayList<>();
        for (int i = 0; i < kpis.length; i++) {
            if (kpis[i].filter().eventTypes().isEmpty()) {
                any.add(i);
            } else {
                for (String t : kpis[i].filter().eventTypes()) {
                    typed.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
                }
            }
        }
        this.anyEventType = any.stream().mapToInt(Integer::intValue).toArray();
        this.byEventType = new HashMap<>();
        typed.forEach((t, list) -> {
            list.addAll(any);
            byEventType.put(t, list.stream().mapToInt(Integer::intValue).sorted().toArray());
        });
    }

    public int size() {
        return kpis.length;
    }

    public KpiDefinition kpi(int index) {
        return kpis[index];
    }

    public Aggregation aggregation(int index) {
        return kpis[index].aggregation();
    }

    public int groupOf(int kpiIndex) {
        return groupOf[kpiIndex];
    }

    public int slotOf(int kpiIndex) {
        return slotOf[kpiIndex];
    }

    public WindowGroup group(int index) {
        return groups[index];
    }

    public int groupCount() {
        return groups.length;
    }

    /** Indexes of the KPIs that may read events of {@code eventType} (before attribute conditions). */
    public int[] candidates(String eventType) {
        int[] typed = byEventType.get(Objects.requireNonNull(eventType, "eventType"));
        return typed != null ? typed : anyEventType;
    }
}
