package io.fulcrum.impact;

import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;

/**
 * Adds the impact operators to a job: KPI values, initiatives and the events (for the attributes of their objects)
 * in, impact estimates out.
 *
 * <pre>{@code
 * DataStream<ImpactEstimate> estimates = ImpactEngine.with(ImpactOptions.defaults(), 730)
 *         .estimate(kpi.values(), initiatives, events, kpiDefinitions);
 * }</pre>
 *
 * Operators get stable uids ({@value #ROUTING_UID}, {@value #ATTRIBUTE_CHANGES_UID}, {@value #ATTRIBUTES_UID},
 * {@value #ATTRIBUTE_ROUTING_UID}, {@value #ESTIMATES_UID}). The estimates operator is keyed by KPI id: all objects
 * of a KPI are in one key, so its parallelism is bounded by the number of KPIs.
 */
public final class ImpactEngine {

    public static final String ROUTING_UID = "impact-initiative-routing";
    public static final String ESTIMATES_UID = "impact-estimates";
    public static final String ATTRIBUTE_CHANGES_UID = "impact-object-attribute-changes";
    public static final String ATTRIBUTES_UID = "impact-object-attributes";
    public static final String ATTRIBUTE_ROUTING_UID = "impact-object-attribute-routing";

    /** Objects per subtask whose last attributes are remembered to send only changes (see ObjectAttributeChanges). */
    private static final int CACHED_OBJECTS = 100_000;

    private final ImpactOptions options;
    private final int retainedWindows;

    private ImpactEngine(ImpactOptions options, int retainedWindows) {
        this.options = options;
        this.retainedWindows = retainedWindows;
    }

    /** @see ImpactFunction#ImpactFunction(ImpactOptions, int) */
    public static ImpactEngine with(ImpactOptions options, int retainedWindows) {
        new ImpactFunction(options, retainedWindows); // fails now, not on the cluster
        return new ImpactEngine(options, retainedWindows);
    }

    /**
     * @param values the KPI values, with timestamps and watermarks (the KPI engine's output has them)
     * @param events the events the values were computed from: the attributes of the objects they name resolve the
     *     attribute conditions of initiative selectors
     * @param kpis the KPI definitions, for the object types each KPI is computed for
     */
    public DataStream<ImpactEstimate> estimate(DataStream<KpiValue> values, DataStream<Initiative> initiatives,
            DataStream<OperationalEvent> events, Collection<KpiDefinition> kpis) {
        TypeInformation<Tuple2<String, Either<Initiative, ObjectAttributes>>> routedType = Types.TUPLE(Types.STRING,
                Types.EITHER(new AvroTypeInfo<>(Initiative.class), ObjectAttributes.TYPE));
        DataStream<Tuple2<String, Either<Initiative, ObjectAttributes>>> attributes = events
                .flatMap(new ObjectAttributeChanges(CACHED_OBJECTS), ObjectAttributes.TYPE)
                .name("Impact object attribute changes").uid(ATTRIBUTE_CHANGES_UID)
                .keyBy(a -> a.objectKey(), Types.STRING)
                .process(new LatestObjectAttributes(), ObjectAttributes.TYPE)
                .name("Impact object attributes").uid(ATTRIBUTES_UID)
                .flatMap(new ObjectAttributeRouting(kpisByObjectType(kpis)), routedType)
                .name("Impact object attribute routing").uid(ATTRIBUTE_ROUTING_UID);
        return values
                .connect(initiatives.flatMap(new InitiativeRouting(), routedType)
                        .name("Impact initiative routing").uid(ROUTING_UID)
                        .union(attributes))
                .keyBy(KpiValue::getKpiId, routed -> routed.f0, Types.STRING)
                .process(new ImpactFunction(options, retainedWindows), new AvroTypeInfo<>(ImpactEstimate.class))
                .name("Impact estimates").uid(ESTIMATES_UID);
    }

    /** KPI ids per object type they are computed for: their own type and their rollup's. */
    static Map<String, List<String>> kpisByObjectType(Collection<KpiDefinition> kpis) {
        Map<String, List<String>> byType = new HashMap<>();
        for (KpiDefinition kpi : kpis) {
            byType.computeIfAbsent(kpi.objectType(), t -> new ArrayList<>()).add(kpi.id());
            kpi.rollup().ifPresent(r -> byType.computeIfAbsent(r.objectType(), t -> new ArrayList<>()).add(kpi.id()));
        }
        return byType;
    }
}
