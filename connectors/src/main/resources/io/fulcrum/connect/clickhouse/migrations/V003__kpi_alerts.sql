-- Alert lifecycle: one row per transition (OPENED, UPDATED..., RESOLVED) of an alert. The sorting key identifies
-- a transition, so a transition written twice (retry, replay) collapses to one row; monthly partitions on
-- opened_at keep every transition of an alert in one partition.
CREATE TABLE IF NOT EXISTS {{LOCAL:kpi_alerts}}{{ON_CLUSTER}}
(
    alert_id           String,
    state              LowCardinality(String),
    kpi_id             LowCardinality(String),
    object_type        LowCardinality(String),
    object_id          String,
    window_start       DateTime64(3, 'UTC'),
    window_end         DateTime64(3, 'UTC'),
    observed_value     Float64,
    expected_value     Nullable(Float64),
    expected_lower     Nullable(Float64),
    expected_upper     Nullable(Float64),
    detector           LowCardinality(String),
    severity           LowCardinality(String),
    active_initiatives Array(String),
    opened_at          DateTime64(3, 'UTC'),
    updated_at         DateTime64(3, 'UTC'),
    resolved_at        Nullable(DateTime64(3, 'UTC'))
)
ENGINE = {{ENGINE:ReplacingMergeTree}}
PARTITION BY toYYYYMM(opened_at)
ORDER BY (alert_id, updated_at, state)
SETTINGS non_replicated_deduplication_window = 1000;

{{DISTRIBUTED:kpi_alerts:cityHash64(alert_id)}};
