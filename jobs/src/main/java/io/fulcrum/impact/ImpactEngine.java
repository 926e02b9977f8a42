package io.fulcrum.impact;

import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiValue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Adds the impact operators to a job: KPI values and initiatives in, impact estimates out.
 *
 * <pre>{@code
 * DataStream<ImpactEstimate> estimates = ImpactEngine.with(ImpactOptions.defaults(), 730)
 *         .estimate(kpi.values(), initiatives);
 * }</pre>
 *
 * Operators get stable uids ({@value #ROUTING_UID}, {@value #ESTIMATES_UID}). The estimates operator is keyed by KPI
 * id: all objects of a KPI are in one key, so its parallelism is bounded by the number of KPIs.
 */
public final class ImpactEngine {

    public static final String ROUTING_UID = "impact-initiative-routing";
    public static final String ESTIMATES_UID = "impact-estimates";

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

    /** {@code values} must carry timestamps and watermarks (the KPI engine's output does). */
    public DataStream<ImpactEstimate> estimate(DataStream<KpiValue> values, DataStream<Initiative> initiatives) {
        return values
                .connect(initiatives.flatMap(new InitiativeRouting())
                        .returns(Types.TUPLE(Types.STRING, new AvroTypeInfo<>(Initiative.class)))
                        .name("Impact initiative routing").uid(ROUTING_UID))
                .keyBy(KpiValue::getKpiId, routed -> routed.f0, Types.STRING)
                .process(new ImpactFunction(options, retainedWindows), new AvroTypeInfo<>(ImpactEstimate.class))
                .name("Impact estimates").uid(ESTIMATES_UID);
    }
}
