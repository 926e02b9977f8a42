package io.fulcrum.kpi;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which events a KPI reads: a set of event types (empty = every type) and attribute conditions that must all hold.
 */
public final class EventFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final EventFilter ALL = new EventFilter(Set.of(), List.of());

    private final Set<String> eventTypes;
    private final List<AttributePredicate> conditions;

    private EventFilter(Set<String> eventTypes, List<AttributePredicate> conditions) {
        this.eventTypes = Set.copyOf(eventTypes);
        this.conditions = List.copyOf(conditions);
    }

    /** Every event. */
    public static EventFilter all() {
        return ALL;
    }

    /** Events of one of {@code eventTypes} (empty = any type) that satisfy all {@code conditions}. */
    public static EventFilter of(Set<String> eventTypes, List<AttributePredicate> conditions) {
        return new EventFilter(eventTypes, conditions);
    }

    /** The accepted event types; empty means every type. */
    public Set<String> eventTypes() {
        return eventTypes;
    }

    public List<AttributePredicate> conditions() {
        return conditions;
    }

    /** Whether the conditions hold for these attributes (the event type is checked by the caller's index). */
    public boolean testAttributes(Map<String, String> attributes) {
        for (AttributePredicate c : conditions) {
            if (!c.test(attributes)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventFilter
                && ((EventFilter) o).eventTypes.equals(eventTypes)
                && ((EventFilter) o).conditions.equals(conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventTypes, conditions);
    }

    @Override
    public String toString() {
        return "EventFilter{eventTypes=" + eventTypes + ", conditions=" + conditions + '}';
    }
}
