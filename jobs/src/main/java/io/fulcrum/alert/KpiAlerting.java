package io.fulcrum.alert;

import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiValue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the alert operator: KPI values, initiatives and impact estimates in, {@code KpiAlert} lifecycle records
 * out (Kafka and ClickHouse delivery are attached by the pipeline).
 *
 * <pre>{@code
 * SingleOutputStreamOperator<KpiAlert> alerts = KpiAlerting.detect(kpiValues, initiatives, estimates, config);
 * DataStream<RejectedKpiValue> rejected = alerts.getSideOutput(AlertFunction.REJECTED);
 * }</pre>
 *
 * Operator uids: {@code alert-kpi-values}, {@code alert-impact-estimates}, {@code kpi-alerts}.
 */
public final class KpiAlerting {

    private KpiAlerting() {
    }

    public static SingleOutputStreamOperator<KpiAlert> detect(DataStream<KpiValue> kpiValues,
            DataStream<Initiative> initiatives, DataStream<ImpactEstimate> estimates, AlertConfig config) {
        TypeInformation<AlertInput> inputType = TypeInformation.of(AlertInput.class);
        DataStream<AlertInput> values = kpiValues.map(AlertInput::of).returns(inputType)
                .name("alert-kpi-values").uid("alert-kpi-values");
        DataStream<AlertInput> impacts = estimates.map(AlertInput::of).returns(inputType)
                .name("alert-impact-estimates").uid("alert-impact-estimates");
        return values.union(impacts)
                .keyBy(AlertInput::objectKey)
                .connect(initiatives.broadcast(AlertFunction.INITIATIVES))
                .process(new AlertFunction(config))
                .returns(TypeInformation.of(KpiAlert.class))
                .name("kpi-alerts").uid("kpi-alerts");
    }
}
