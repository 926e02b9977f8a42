-- Impact estimates of an initiative on a KPI, re-estimated as data arrives: one row per
-- (initiative_id, kpi_id, scope, object, method) survives, the highest revision. object_type and object_id are
-- '' for a TREATED_GROUP estimate, because sorting keys cannot be Nullable.
CREATE TABLE IF NOT EXISTS {{LOCAL:impact_estimates}}{{ON_CLUSTER}}
(
    initiative_id     String,
    kpi_id            LowCardinality(String),
    scope             LowCardinality(String),
    object_type       LowCardinality(String),
    object_id         String,
    method            LowCardinality(String),
    pre_mean          Float64,
    post_mean         Float64,
    absolute_effect   Float64,
    relative_effect   Nullable(Float64),
    interval_lower    Float64,
    interval_upper    Float64,
    interval_level    Float64,
    p_value           Nullable(Float64),
    cumulative_effect Float64,
    control_count     UInt32,
    pre_sample_size   UInt64,
    post_sample_size  UInt64,
    shift_time        Nullable(DateTime64(3, 'UTC')),
    verdict           LowCardinality(String),
    withdrawn         Bool,
    revision          UInt32,
    computed_at       DateTime64(3, 'UTC')
)
ENGINE = {{ENGINE:ReplacingMergeTree(revision)}}
ORDER BY (initiative_id, kpi_id, scope, object_type, object_id, method)
SETTINGS non_replicated_deduplication_window = 1000;

{{DISTRIBUTED:impact_estimates:cityHash64(initiative_id)}};
