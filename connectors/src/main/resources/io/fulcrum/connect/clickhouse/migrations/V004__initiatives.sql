-- Initiatives as they change: the latest updated_at of an initiative wins. The nested parts (target KPIs,
-- scope, control objects) are kept as the JSON of their Avro records, with the target KPI ids as an array
-- to filter on.
CREATE TABLE IF NOT EXISTS {{LOCAL:initiatives}}{{ON_CLUSTER}}
(
    initiative_id        String,
    title                String,
    owner                String,
    status               LowCardinality(String),
    target_kpi_ids       Array(String),
    target_kpis_json     String,
    scope_json           String,
    start_time           DateTime64(3, 'UTC'),
    end_time             Nullable(DateTime64(3, 'UTC')),
    ramp_up_millis       Nullable(Int64),
    control_objects_json String,
    updated_at           DateTime64(3, 'UTC')
)
ENGINE = {{ENGINE:ReplacingMergeTree(updated_at)}}
ORDER BY initiative_id
SETTINGS non_replicated_deduplication_window = 1000;

{{DISTRIBUTED:initiatives:cityHash64(initiative_id)}};
