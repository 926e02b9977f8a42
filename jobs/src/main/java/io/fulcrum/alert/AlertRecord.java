package io.fulcrum.alert;

import io.fulcrum.schema.AlertSeverity;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.KpiAlert;

/** Maps an {@link AlertEvent} onto the Avro {@code KpiAlert} record. */
public final class AlertRecord {

    private AlertRecord() {
    }

    /**
     * Times are event times (see {@link AlertEvent}): {@code updatedAt} is the transition's event time, so a replay
     * after a failure writes identical records. The record has no field for the sequence.
     */
    public static KpiAlert from(AlertEvent e) {
        return KpiAlert.newBuilder()
                .setAlertId(e.alertId())
                .setState(io.fulcrum.schema.AlertState.valueOf(e.state().name()))
                .setKpiId(e.kpiId())
                .setObject(new BusinessObjectRef(e.objectType(), e.objectId()))
                .setWindowStart(e.windowStart())
                .setWindowEnd(e.windowEnd())
                .setObservedValue(e.detection().value())
                .setExpectedValue(orNull(e.detection().expected()))
                .setExpectedLower(orNull(e.detection().lower()))
                .setExpectedUpper(orNull(e.detection().upper()))
                .setDetector(e.rule())
                .setSeverity(AlertSeverity.valueOf(e.severity().name()))
                .setActiveInitiatives(e.initiativeIds())
                .setOpenedAt(e.openedAt())
                .setUpdatedAt(e.at())
                .setResolvedAt(e.resolvedAt().orElse(null))
                .setReason(e.reason())
                .setFlapping(e.isFlapping())
                .build();
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
