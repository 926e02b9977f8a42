package io.fulcrum.impact;

import io.fulcrum.schema.BusinessObjectRef;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The attributes of one business object as the events naming it describe it: what the attribute conditions of
 * initiative selectors ({@code selectors: [{objectType: sku, attributes: {abc_class: A}}]}) are matched against.
 *
 * <p>A Flink POJO (public fields, a no-arg constructor) with the explicit {@link #TYPE}, so its map is serialized
 * by Flink's map serializer rather than Kryo. Not modified once emitted.
 */
public final class ObjectAttributes {

    /** Flink's type for this class, with a map serializer for the attributes. */
    public static final TypeInformation<ObjectAttributes> TYPE = Types.POJO(ObjectAttributes.class, Map.of(
            "objectType", Types.STRING, "objectId", Types.STRING,
            "attributes", Types.MAP(Types.STRING, Types.STRING), "observedAt", Types.LONG));

    public String objectType;
    public String objectId;
    public Map<String, String> attributes;
    /** The event time (epoch millis) of the latest event that set one of the attributes. */
    public long observedAt;

    /** For Flink's POJO serializer. */
    public ObjectAttributes() {}

    public ObjectAttributes(BusinessObjectRef object, Map<String, String> attributes, long observedAt) {
        this.objectType = object.getType();
        this.objectId = object.getId();
        this.attributes = attributes;
        this.observedAt = observedAt;
    }

    /** The object's key in the impact engine's state (type and id). */
    String objectKey() {
        return ImpactFunction.objectKey(new BusinessObjectRef(objectType, objectId));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectAttributes other && observedAt == other.observedAt
                && Objects.equals(objectType, other.objectType) && Objects.equals(objectId, other.objectId)
                && Objects.equals(attributes, other.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectType, objectId, attributes, observedAt);
    }

    @Override
    public String toString() {
        return objectType + " " + objectId + " " + attributes + " @" + observedAt;
    }
}
