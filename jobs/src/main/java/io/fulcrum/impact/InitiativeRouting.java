package io.fulcrum.impact;

import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiTarget;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Sends each initiative to every KPI it targets, as (KPI id, initiative), so it can be keyed like the KPI values;
 * the right side of the {@link Either} carries the object attributes that {@link ObjectAttributeRouting} sends on
 * the same input.
 */
public final class InitiativeRouting
        implements FlatMapFunction<Initiative, Tuple2<String, Either<Initiative, ObjectAttributes>>> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Initiative initiative, Collector<Tuple2<String, Either<Initiative, ObjectAttributes>>> out) {
        Set<String> kpis = new LinkedHashSet<>();
        for (KpiTarget target : initiative.getTargetKpis()) {
            kpis.add(target.getKpiId());
        }
        kpis.forEach(kpi -> out.collect(Tuple2.of(kpi, Either.Left(initiative))));
    }
}
