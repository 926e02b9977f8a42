package io.fulcrum.kpi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The measures each event type carries, as the configured sources provide them. KPI validation checks every measure a
 * KPI reads against it, so a typo fails at start-up instead of producing a KPI that never has a value.
 */
public final class MeasureCatalog {

    private final Map<String, Set<String>> measuresByEventType;

    private MeasureCatalog(Map<String, Set<String>> measuresByEventType) {
        this.measuresByEventType = measuresByEventType;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The event types known to the sources. */
    public Set<String> eventTypes() {
        return measuresByEventType.keySet();
    }

    /** The measures of {@code eventType}; empty for an unknown type. */
    public Set<String> measures(String eventType) {
        return measuresByEventType.getOrDefault(eventType, Set.of());
    }

    /** The measures of all of {@code eventTypes} (all known types when empty), sorted. */
    public Set<String> measuresOf(Set<String> eventTypes) {
        Set<String> out = new TreeSet<>();
        for (String t : eventTypes.isEmpty() ? measuresByEventType.keySet() : eventTypes) {
            out.addAll(measures(t));
        }
        return out;
    }

    /** Adds event types and their measures; later calls for the same type add to it. */
    public static final class Builder {
        private final Map<String, Set<String>> measures = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder eventType(String eventType, String... measureNames) {
            Objects.requireNonNull(eventType, "eventType can't be null");
            Set<String> set = measures.computeIfAbsent(eventType, t -> new TreeSet<>());
            for (String m : measureNames) {
                set.add(Objects.requireNonNull(m, "measure name can't be null"));
            }
            return this;
        }

        public MeasureCatalog build() {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            measures.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
            return new MeasureCatalog(Map.copyOf(copy));
        }
    }
}
