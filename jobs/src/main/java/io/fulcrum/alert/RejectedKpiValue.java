package io.fulcrum.alert;

import io.fulcrum.schema.KpiValue;

/** A KPI value the alert operator could not take (side output), with the reason. A Flink POJO. */
public class RejectedKpiValue {

    public KpiValue value;
    public String reason;

    public RejectedKpiValue() {
    }

    public RejectedKpiValue(KpiValue value, String reason) {
        this.value = value;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return reason + ": " + value;
    }
}
