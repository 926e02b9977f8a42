package io.fulcrum.alert;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactScope;
import io.fulcrum.schema.KpiValue;

/**
 * One keyed input of the alert operator: a KPI value or an impact estimate (exactly one is set), so that both
 * reach the same keyed state of their business object. A Flink POJO.
 */
public class AlertInput {

    /** Object type under which estimates for a whole treated group are alerted (the id is the initiative's). */
    public static final String GROUP_OBJECT_TYPE = "initiative";

    public KpiValue kpiValue;
    public ImpactEstimate impactEstimate;

    public AlertInput() {
    }

    public static AlertInput of(KpiValue value) {
        AlertInput input = new AlertInput();
        input.kpiValue = value;
        return input;
    }

    public static AlertInput of(ImpactEstimate estimate) {
        AlertInput input = new AlertInput();
        input.impactEstimate = estimate;
        return input;
    }

    /**
     * The business object the input is about: the KPI value's object, the estimate's treated object, or for an
     * estimate of the treated group the pseudo-object ({@value #GROUP_OBJECT_TYPE}, initiative id).
     */
    public BusinessObjectRef object() {
        if (kpiValue != null) {
            return kpiValue.getObject();
        }
        if (impactEstimate.getScope() == ImpactScope.OBJECT && impactEstimate.getObject() != null) {
            return impactEstimate.getObject();
        }
        return new BusinessObjectRef(GROUP_OBJECT_TYPE, impactEstimate.getInitiativeId());
    }

    /** The key of the alert operator: object type and id. */
    public String objectKey() {
        return objectKey(object());
    }

    static String objectKey(BusinessObjectRef object) {
        return object.getType() + '\u001f' + object.getId();
    }

    @Override
    public String toString() {
        return kpiValue != null ? String.valueOf(kpiValue) : String.valueOf(impactEstimate);
    }
}
