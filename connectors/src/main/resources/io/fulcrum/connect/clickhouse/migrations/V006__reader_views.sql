-- Views for readers who should not know about revisions or retries. FINAL merges at read time, so each view
-- shows one row per identity even before background merges ran. On a cluster the views read the Distributed
-- tables; the sharding keys above send every row of one identity to one shard, so FINAL per shard is exact.

-- The current (highest) revision of each KPI window.
CREATE VIEW IF NOT EXISTS kpi_values_latest{{ON_CLUSTER}} AS
SELECT kpi_id, object_type, object_id, window_start, window_end, value, numerator, denominator,
       sample_count, revision, computed_at
FROM kpi_values FINAL;

-- The current estimate per initiative, KPI, scope, object and method.
CREATE VIEW IF NOT EXISTS impact_estimates_latest{{ON_CLUSTER}} AS
SELECT initiative_id, kpi_id, scope, object_type, object_id, method, pre_mean, post_mean, absolute_effect,
       relative_effect, interval_lower, interval_upper, interval_level, p_value, cumulative_effect,
       control_count, pre_sample_size, post_sample_size, shift_time, verdict, withdrawn, revision, computed_at
FROM impact_estimates FINAL;

-- Alerts whose latest transition is not RESOLVED, as that latest transition. On equal updated_at the
-- RESOLVED transition counts as the later one.
CREATE VIEW IF NOT EXISTS kpi_alerts_open{{ON_CLUSTER}} AS
SELECT *
FROM
(
    SELECT alert_id, state, kpi_id, object_type, object_id, window_start, window_end, observed_value,
           expected_value, expected_lower, expected_upper, detector, severity, active_initiatives, opened_at,
           updated_at, resolved_at
    FROM kpi_alerts FINAL
    ORDER BY alert_id, updated_at DESC, state = 'RESOLVED' DESC
    LIMIT 1 BY alert_id
)
WHERE state != 'RESOLVED';

-- The latest version of each initiative.
CREATE VIEW IF NOT EXISTS initiatives_latest{{ON_CLUSTER}} AS
SELECT initiative_id, title, owner, status, target_kpi_ids, target_kpis_json, scope_json, start_time,
       end_time, ramp_up_millis, control_objects_json, updated_at
FROM initiatives FINAL;
