package io.fulcrum.pipeline;

import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the pipeline reads and writes, and how the job runs: the contents of {@code fulcrum.yaml} in a configuration
 * directory (see the README's "Configuration"). Immutable; built and validated by {@link PipelineConfigLoader}.
 *
 * @param directory the configuration directory; KPI definitions live in {@code kpis/}, sources in {@code sources/}
 * @param kafka Kafka connection and client properties
 * @param registryUrl base URL of the Confluent-compatible schema registry API
 * @param clickhouse ClickHouse JDBC URL and driver properties
 * @param topics the Kafka topics of Fulcrum's own records
 * @param job how the Flink job runs
 * @param webhooks receivers of alert lifecycle events besides Kafka and ClickHouse (at most one per format)
 */
public record PipelineConfig(Path directory, Kafka kafka, String registryUrl, ClickHouse clickhouse, Topics topics,
                             Job job, List<Webhook> webhooks) {

    public PipelineConfig {
        Objects.requireNonNull(directory, "directory can't be null");
        Objects.requireNonNull(kafka, "kafka can't be null");
        Objects.requireNonNull(registryUrl, "registryUrl can't be null");
        Objects.requireNonNull(clickhouse, "clickhouse can't be null");
        Objects.requireNonNull(topics, "topics can't be null");
        Objects.requireNonNull(job, "job can't be null");
        webhooks = List.copyOf(webhooks);
    }

    public Path kpiDirectory() {
        return directory.resolve("kpis");
    }

    public Path sourceDirectory() {
        return directory.resolve("sources");
    }

    /** Kafka bootstrap servers, consumer group, and any further Kafka client property passed through as given. */
    public record Kafka(String bootstrapServers, String groupId, Map<String, String> properties) {
        public Kafka {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * A clickhouse-jdbc URL plus driver properties (user, password, ssl, ...), as a ClickHouse user writes them.
     *
     * @param cluster the ClickHouse cluster to create tables on (ON CLUSTER, Replicated engines, Distributed
     *     tables); null for a single server
     */
    public record ClickHouse(String jdbcUrl, Map<String, String> properties, String cluster) {
        public ClickHouse {
            properties = Map.copyOf(properties);
        }
    }

    /** Topics of Fulcrum's own records; the canonical events topic also receives events of no configured source. */
    public record Topics(String events, String kpiValues, String initiatives, String impactEstimates, String alerts,
                         String deadLetters) {}

    /**
     * @param parallelism operator parallelism
     * @param checkpointInterval how often state is checkpointed and sink batches are flushed
     * @param checkpointDirectory where checkpoints go (a file:// or distributed file system URI); null keeps them in
     *     the JobManager's memory, which suits only local runs
     * @param outOfOrderness how far behind the latest event time the watermark trails
     * @param idleness after how long without records a Kafka partition stops holding the watermark back (not used
     *     when {@code bounded}: finished partitions stop holding it back by themselves)
     * @param bounded stop once every source has reached the end offsets it had at start-up (for backfills and the demo)
     * @param deduplicationWindow how long, in event time, an event id is remembered so that a re-published copy of
     *     the event is dropped before the KPI engine (see {@link DuplicateEventFilter}); empty = no deduplication
     */
    public record Job(int parallelism, Duration checkpointInterval, String checkpointDirectory,
                      Duration outOfOrderness, Duration idleness, boolean bounded,
                      Optional<Duration> deduplicationWindow) {
        public Job {
            Objects.requireNonNull(deduplicationWindow, "deduplicationWindow can't be null; use Optional.empty()");
        }
    }

    /**
     * An alert receiver: Prometheus Alertmanager's API ({@code alertmanager}) or a generic JSON webhook
     * ({@code json}), with extra HTTP headers (e.g. Authorization).
     */
    public record Webhook(String format, URI url, Map<String, String> headers) {
        public Webhook {
            headers = Map.copyOf(headers);
        }
    }
}
