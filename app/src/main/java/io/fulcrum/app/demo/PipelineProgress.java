package io.fulcrum.app.demo;

import io.fulcrum.pipeline.PipelineConfig;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** One progress line while the demo's job runs: how many records each output topic has received so far. */
final class PipelineProgress {

    private final PipelineConfig config;
    private final PrintStream out;
    private final long started = System.nanoTime();

    PipelineProgress(PipelineConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    void print() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.kafka().bootstrapServers()))) {
            out.printf(TopicPublisher.INTERACTIVE ? "\r  %5.0f s  KPI values %,8d   dead letters %,6d"
                            : "  %5.0f s  KPI values %,8d   dead letters %,6d%n", (System.nanoTime() - started) / 1e9,
                    records(admin, config.topics().kpiValues()), records(admin, config.topics().deadLetters()));
        } catch (Exception e) {
            // Progress is informational: a broker hiccup must not fail the demo, the job's own result decides.
            out.printf("\r  (progress unavailable: %s)", e.getMessage());
        }
    }

    static long records(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }
}
