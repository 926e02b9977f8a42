-- KpiAlert v2: why the record was produced (one sentence for an operator) and whether the alert flaps (held open,
-- notifications held). Rows written before this migration read the defaults, '' and false. V003 and V006 are
-- applied elsewhere and stay untouched: the columns are added here and the open-alerts view is replaced.

ALTER TABLE {{LOCAL:kpi_alerts}}{{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS reason String DEFAULT '' AFTER resolved_at,
    ADD COLUMN IF NOT EXISTS flapping Bool DEFAULT false AFTER reason;

-- On a cluster the Distributed table in front needs the columns too; on a single node this is the table above
-- again and IF NOT EXISTS makes it a no-op.
ALTER TABLE kpi_alerts{{ON_CLUSTER}}
    ADD COLUMN IF NOT EXISTS reason String DEFAULT '' AFTER resolved_at,
    ADD COLUMN IF NOT EXISTS flapping Bool DEFAULT false AFTER reason;

-- As in V006, with the two new columns.
CREATE OR REPLACE VIEW kpi_alerts_open{{ON_CLUSTER}} AS
SELECT *
FROM
(
    SELECT alert_id, state, kpi_id, object_type, object_id, window_start, window_end, observed_value,
           expected_value, expected_lower, expected_upper, detector, severity, active_initiatives, opened_at,
           updated_at, resolved_at, reason, flapping
    FROM kpi_alerts FINAL
    ORDER BY alert_id, updated_at DESC, state = 'RESOLVED' DESC
    LIMIT 1 BY alert_id
)
WHERE state != 'RESOLVED';
