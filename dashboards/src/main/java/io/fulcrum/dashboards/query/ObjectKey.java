package io.fulcrum.dashboards.query;

import java.util.Objects;

/** A business object as the tables name it: its type and its id within the type. */
public record ObjectKey(String type, String id) implements Comparable<ObjectKey> {

    public ObjectKey {
        Objects.requireNonNull(type, "type can't be null");
        Objects.requireNonNull(id, "id can't be null");
    }

    @Override
    public int compareTo(ObjectKey o) {
        int byType = type.compareTo(o.type);
        return byType != 0 ? byType : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return type + " " + id;
    }
}
