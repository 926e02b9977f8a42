-- Which alerts are open now, most severe and oldest first?
SELECT alert_id, state, kpi_id, object_type, object_id, window_start, observed_value, expected_value,
       expected_lower, expected_upper, detector, severity, active_initiatives, opened_at, updated_at, reason,
       flapping
FROM kpi_alerts_open
ORDER BY multiIf(severity = 'CRITICAL', 0, severity = 'WARNING', 1, 2), opened_at, alert_id
