-- Records Fulcrum could not process, with the original key, value and headers (String columns hold the raw
-- bytes). A record rejected again after a replay collapses with its first rejection: the sorting key is its
-- Kafka coordinates, its record id (for records rejected after decoding, such as late events, whose coordinates
-- are unknown) and the reason, not the time it failed.
CREATE TABLE IF NOT EXISTS {{LOCAL:dead_letters}}{{ON_CLUSTER}}
(
    source_topic     String,
    source_partition Int32,
    source_offset    Int64,
    source_timestamp Nullable(DateTime64(3, 'UTC')),
    key              Nullable(String),
    value            Nullable(String),
    header_keys      Array(String),
    header_values    Array(Nullable(String)),
    record_id        String,
    reason_code      LowCardinality(String),
    reason_message   String,
    failed_at        DateTime64(3, 'UTC')
)
ENGINE = {{ENGINE:ReplacingMergeTree}}
ORDER BY (source_topic, source_partition, source_offset, record_id, reason_code)
SETTINGS non_replicated_deduplication_window = 1000;

{{DISTRIBUTED:dead_letters:cityHash64(source_topic, source_partition)}};
