package io.fulcrum.kpi;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The KPIs recomputed the slow, obvious way in plain Java, written apart from the engine (no shared code besides the
 * definitions' getters): for every window, the list of events that count, then the aggregate over the list.
 */
final class BruteForceKpis {

    /** Identifies one KPI value series: KPI, object, window start. */
    static final class WindowKey implements Comparable<WindowKey> {
        final String kpiId;
        final String objectType;
        final String objectId;
        final long start;

        WindowKey(String kpiId, String objectType, String objectId, long start) {
            this.kpiId = kpiId;
            this.objectType = objectType;
            this.objectId = objectId;
            this.start = start;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WindowKey && ((WindowKey) o).kpiId.equals(kpiId)
                    && ((WindowKey) o).objectType.equals(objectType) && ((WindowKey) o).objectId.equals(objectId)
                    && ((WindowKey) o).start == start;
        }

        @Override
        public int hashCode() {
            return Objects.hash(kpiId, objectType, objectId, start);
        }

        @Override
        public int compareTo(WindowKey o) {
            int c = kpiId.compareTo(o.kpiId);
            c = c != 0 ? c : objectType.compareTo(o.objectType);
            c = c != 0 ? c : objectId.compareTo(o.objectId);
            return c != 0 ? c : Long.compare(start, o.start);
        }

        @Override
        public String toString() {
            return kpiId + "/" + objectType + "/" + objectId + "/" + start;
        }
    }

    /** The exact aggregate of one window. */
    static final class Expected {
        final long end;
        final List<double[]> values = new ArrayList<>();   // (a, b) per counted event
        final List<String> texts = new ArrayList<>();

        Expected(long end) {
            this.end = end;
        }

        long count() {
            return values.size();
        }

        double sumA() {
            double s = 0;
            for (double[] v : values) {
                s += v[0];
            }
            return s;
        }

        double sumB() {
            double s = 0;
            for (double[] v : values) {
                s += v[1];
            }
            return s;
        }

        double[] sortedA() {
            return values.stream().mapToDouble(v -> v[0]).sorted().toArray();
        }

        long distinct() {
            return new java.util.HashSet<>(texts).size();
        }
    }

    private BruteForceKpis() {
    }

    /** The exact content of every window, from the arrivals (events with the watermark when each arrived). */
    static Map<WindowKey, Expected> compute(List<KpiDefinition> kpis, List<TestEvents.Arrival> arrivals) {
        Map<WindowKey, Expected> out = new TreeMap<>();
        for (TestEvents.Arrival arrival : arrivals) {
            OperationalEvent e = arrival.event;
            for (KpiDefinition k : kpis) {
                double[] ab = contribution(k, e);
                if (ab == null) {
                    continue;
                }
                String text = k.aggregation().type() == Aggregation.Type.DISTINCT_COUNT
                        ? e.getAttributes().get(k.aggregation().attribute().get()) : null;
                for (long start : windowStarts(k.window(), arrival.time())) {
                    long end = start + k.window().sizeMillis();
                    if (end - 1 + k.allowedLateness().toMillis() <= arrival.watermark) {
                        continue; // too late: dead-lettered
                    }
                    for (String[] object : objects(k, e)) {
                        Expected x = out.computeIfAbsent(new WindowKey(k.id(), object[0], object[1], start),
                                key -> new Expected(end));
                        x.values.add(ab);
                        x.texts.add(text);
                    }
                }
            }
        }
        return out;
    }

    /** Ids of events that were too late for at least one window of a KPI they match. */
    static Set<String> lateEventIds(List<KpiDefinition> kpis, List<TestEvents.Arrival> arrivals) {
        Set<String> late = new LinkedHashSet<>();
        for (TestEvents.Arrival arrival : arrivals) {
            for (KpiDefinition k : kpis) {
                if (contribution(k, arrival.event) == null) {
                    continue;
                }
                for (long start : windowStarts(k.window(), arrival.time())) {
                    long end = start + k.window().sizeMillis();
                    if (end - 1 + k.allowedLateness().toMillis() <= arrival.watermark) {
                        late.add(arrival.event.getEventId());
                    }
                }
            }
        }
        return late;
    }

    /** (a, b) the event adds to the KPI, or null when it does not match or lacks a measure. */
    static double[] contribution(KpiDefinition k, OperationalEvent e) {
        if (!k.filter().eventTypes().isEmpty() && !k.filter().eventTypes().contains(e.getEventType())) {
            return null;
        }
        Map<String, String> attrs = e.getAttributes();
        for (AttributePredicate p : k.filter().conditions()) {
            if (!holds(p, attrs)) {
                return null;
            }
        }
        Aggregation a = k.aggregation();
        Map<String, Double> m = e.getMeasures();
        switch (a.type()) {
            case COUNT:
                return new double[] {0, 0};
            case DISTINCT_COUNT:
                return attrs.containsKey(a.attribute().get()) ? new double[] {0, 0} : null;
            case RATIO:
                if (a.isMatchingRatio()) {
                    boolean all = a.matching().stream().allMatch(p -> holds(p, attrs));
                    return new double[] {all ? 1 : 0, 1};
                }
                Double n = m.get(a.measure().get());
                Double d = m.get(a.denominatorMeasure().get());
                return n == null || d == null ? null : new double[] {n, d};
            default:
                Double v = m.get(a.measure().get());
                return v == null ? null : new double[] {v, 0};
        }
    }

    private static boolean holds(AttributePredicate p, Map<String, String> attrs) {
        String v = attrs.get(p.attribute());
        switch (p.operator()) {
            case EQUALS: return p.values().get(0).equals(v);
            case NOT_EQUALS: return !p.values().get(0).equals(v);
            case IN: return v != null && p.values().contains(v);
            default: return v != null;
        }
    }

    /** Every window start s (a multiple of the slide) with s <= t < s + size, found by trying all candidates. */
    static List<Long> windowStarts(KpiWindow w, long t) {
        List<Long> starts = new ArrayList<>();
        long first = Math.floorDiv(t - w.sizeMillis(), w.slideMillis()) * w.slideMillis();
        for (long s = first; s <= t; s += w.slideMillis()) {
            if (s <= t && t < s + w.sizeMillis()) {
                starts.add(s);
            }
        }
        return starts;
    }

    /** (type, id) of each distinct object of the KPI's type the event names, and its rollup object. */
    static List<String[]> objects(KpiDefinition k, OperationalEvent e) {
        Set<List<String>> seen = new LinkedHashSet<>();
        List<BusinessObjectRef> all = new ArrayList<>();
        all.add(e.getObject());
        all.addAll(e.getRelatedObjects());
        for (BusinessObjectRef ref : all) {
            if (ref.getType().equals(k.objectType())) {
                seen.add(Arrays.asList(ref.getType(), ref.getId()));
            }
        }
        k.rollup().ifPresent(r -> {
            String id = e.getAttributes().get(r.attribute());
            if (id != null) {
                seen.add(Arrays.asList(r.objectType(), id));
            }
        });
        List<String[]> out = new ArrayList<>();
        seen.forEach(l -> out.add(l.toArray(new String[0])));
        return out;
    }
}
