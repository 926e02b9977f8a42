package io.fulcrum.impact;

import io.fulcrum.schema.Initiative;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/** Sends an object's attributes to every KPI computed for its object type, keyed like the KPI values. */
public final class ObjectAttributeRouting
        implements FlatMapFunction<ObjectAttributes, Tuple2<String, Either<Initiative, ObjectAttributes>>> {

    private static final long serialVersionUID = 1L;

    private final Map<String, List<String>> kpisByObjectType;

    /** @param kpisByObjectType the ids of the KPIs computed per object type */
    public ObjectAttributeRouting(Map<String, List<String>> kpisByObjectType) {
        this.kpisByObjectType = Map.copyOf(kpisByObjectType);
    }

    @Override
    public void flatMap(ObjectAttributes attributes,
            Collector<Tuple2<String, Either<Initiative, ObjectAttributes>>> out) {
        for (String kpi : kpisByObjectType.getOrDefault(attributes.objectType, List.of())) {
            out.collect(Tuple2.of(kpi, Either.Right(attributes)));
        }
    }
}
