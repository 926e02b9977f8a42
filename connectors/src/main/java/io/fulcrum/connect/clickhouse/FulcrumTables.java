package io.fulcrum.connect.clickhouse;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiTarget;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.RecordHeader;
import java.nio.ByteBuffer;
import java.util.stream.Collectors;

/**
 * The row mappings of Fulcrum's result records onto the tables of the bundled migrations (V001-V005, V007). Enums are
 * written by name, nested records as the JSON of their Avro form, raw Kafka bytes as ClickHouse Strings unchanged.
 */
public final class FulcrumTables {

    private FulcrumTables() {}

    public static RowMapping<KpiValue> kpiValues() {
        return RowMapping.<KpiValue>into("kpi_values")
                .column("kpi_id", KpiValue::getKpiId)
                .column("object_type", v -> v.getObject().getType())
                .column("object_id", v -> v.getObject().getId())
                .column("window_start", KpiValue::getWindowStart)
                .column("window_end", KpiValue::getWindowEnd)
                .column("value", KpiValue::getValue)
                .column("numerator", KpiValue::getNumerator)
                .column("denominator", KpiValue::getDenominator)
                .column("sample_count", KpiValue::getSampleCount)
                .column("revision", KpiValue::getRevision)
                .column("computed_at", KpiValue::getComputedAt)
                .build();
    }

    public static RowMapping<ImpactEstimate> impactEstimates() {
        return RowMapping.<ImpactEstimate>into("impact_estimates")
                .column("initiative_id", ImpactEstimate::getInitiativeId)
                .column("kpi_id", ImpactEstimate::getKpiId)
                .column("scope", e -> e.getScope().name())
                .column("object_type", e -> e.getObject() == null ? "" : e.getObject().getType())
                .column("object_id", e -> e.getObject() == null ? "" : e.getObject().getId())
                .column("method", e -> e.getMethod().name())
                .column("pre_mean", ImpactEstimate::getPreMean)
                .column("post_mean", ImpactEstimate::getPostMean)
                .column("absolute_effect", ImpactEstimate::getAbsoluteEffect)
                .column("relative_effect", ImpactEstimate::getRelativeEffect)
                .column("interval_lower", ImpactEstimate::getIntervalLower)
                .column("interval_upper", ImpactEstimate::getIntervalUpper)
                .column("interval_level", ImpactEstimate::getIntervalLevel)
                .column("p_value", ImpactEstimate::getPValue)
                .column("cumulative_effect", ImpactEstimate::getCumulativeEffect)
                .column("control_count", ImpactEstimate::getControlCount)
                .column("pre_sample_size", ImpactEstimate::getPreSampleSize)
                .column("post_sample_size", ImpactEstimate::getPostSampleSize)
                .column("shift_time", ImpactEstimate::getShiftTime)
                .column("verdict", e -> e.getVerdict().name())
                .column("withdrawn", ImpactEstimate::getWithdrawn)
                .column("revision", ImpactEstimate::getRevision)
                .column("computed_at", ImpactEstimate::getComputedAt)
                .build();
    }

    public static RowMapping<KpiAlert> kpiAlerts() {
        return RowMapping.<KpiAlert>into("kpi_alerts")
                .column("alert_id", KpiAlert::getAlertId)
                .column("state", a -> a.getState().name())
                .column("kpi_id", KpiAlert::getKpiId)
                .column("object_type", a -> a.getObject().getType())
                .column("object_id", a -> a.getObject().getId())
                .column("window_start", KpiAlert::getWindowStart)
                .column("window_end", KpiAlert::getWindowEnd)
                .column("observed_value", KpiAlert::getObservedValue)
                .column("expected_value", KpiAlert::getExpectedValue)
                .column("expected_lower", KpiAlert::getExpectedLower)
                .column("expected_upper", KpiAlert::getExpectedUpper)
                .column("detector", KpiAlert::getDetector)
                .column("severity", a -> a.getSeverity().name())
                .column("active_initiatives", KpiAlert::getActiveInitiatives)
                .column("opened_at", KpiAlert::getOpenedAt)
                .column("updated_at", KpiAlert::getUpdatedAt)
                .column("resolved_at", KpiAlert::getResolvedAt)
                .column("reason", KpiAlert::getReason)
                .column("flapping", KpiAlert::getFlapping)
                .build();
    }

    public static RowMapping<Initiative> initiatives() {
        return RowMapping.<Initiative>into("initiatives")
                .column("initiative_id", Initiative::getInitiativeId)
                .column("title", Initiative::getTitle)
                .column("owner", Initiative::getOwner)
                .column("status", i -> i.getStatus().name())
                .column("target_kpi_ids", i -> i.getTargetKpis().stream().map(KpiTarget::getKpiId)
                        .collect(Collectors.toList()))
                .column("target_kpis_json", i -> i.getTargetKpis().toString())
                .column("scope_json", i -> i.getScope().toString())
                .column("start_time", Initiative::getStartTime)
                .column("end_time", Initiative::getEndTime)
                .column("ramp_up_millis", Initiative::getRampUpMillis)
                .column("control_objects_json", i -> i.getControlObjects().stream().map(BusinessObjectRef::toString)
                        .collect(Collectors.joining(",", "[", "]")))
                .column("updated_at", Initiative::getUpdatedAt)
                .build();
    }

    public static RowMapping<DeadLetter> deadLetters() {
        return RowMapping.<DeadLetter>into("dead_letters")
                .column("source_topic", DeadLetter::getSourceTopic)
                .column("source_partition", DeadLetter::getSourcePartition)
                .column("source_offset", DeadLetter::getSourceOffset)
                .column("source_timestamp", DeadLetter::getSourceTimestamp)
                .column("key", d -> bytes(d.getKey()))
                .column("value", d -> bytes(d.getValue()))
                .column("header_keys", d -> d.getHeaders().stream().map(RecordHeader::getKey)
                        .collect(Collectors.toList()))
                .column("header_values", d -> d.getHeaders().stream().map(h -> bytes(h.getValue()))
                        .collect(Collectors.toList()))
                .column("record_id", d -> d.getRecordId() == null ? "" : d.getRecordId())
                .column("reason_code", d -> d.getReasonCode().name())
                .column("reason_message", DeadLetter::getReasonMessage)
                .column("failed_at", DeadLetter::getFailedAt)
                .build();
    }

    /** The bytes of a buffer without moving its position; null stays null. */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
