-- KPI values per KPI, business object and event-time window. A window is written again with a higher revision
-- when late data corrects it, and a batch may be written again after a failure: ReplacingMergeTree keeps one
-- row per (kpi_id, object_type, object_id, window_start), the highest revision, once parts merge; readers that
-- need the current value now use the view kpi_values_latest (FINAL), see V006.
-- Partitions are monthly on window_start, so all revisions of one window meet in one partition.
CREATE TABLE IF NOT EXISTS {{LOCAL:kpi_values}}{{ON_CLUSTER}}
(
    kpi_id        LowCardinality(String),
    object_type   LowCardinality(String),
    object_id     String,
    window_start  DateTime64(3, 'UTC'),
    window_end    DateTime64(3, 'UTC'),
    value         Float64,
    numerator     Nullable(Float64),
    denominator   Nullable(Float64),
    sample_count  UInt64,
    revision      UInt32,
    computed_at   DateTime64(3, 'UTC')
)
ENGINE = {{ENGINE:ReplacingMergeTree(revision)}}
PARTITION BY toYYYYMM(window_start)
ORDER BY (kpi_id, object_type, object_id, window_start)
SETTINGS non_replicated_deduplication_window = 1000;

{{DISTRIBUTED:kpi_values:cityHash64(kpi_id, object_type, object_id)}};
