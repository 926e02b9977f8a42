package io.fulcrum.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job graph {@link FulcrumPipeline#addTo} builds (nothing runs, nothing connects): the deduplication operator is
 * there, between the events and the KPI split, exactly when {@code job.deduplicationWindow} is set.
 */
class FulcrumPipelineGraphTest {

    @TempDir Path dir;

    @Test
    void withoutAWindowThereIsNoDeduplicationOperator() throws IOException {
        List<String> uids = uids(graph(""));
        assertThat(uids).contains("kpi-split", "kpi-windows").doesNotContain(DuplicateEventFilter.UID);
    }

    @Test
    void withAWindowTheKpiSplitReadsTheDeduplicatedEvents() throws IOException {
        StreamGraph graph = graph("  deduplicationWindow: 1d\n");
        StreamNode dedup = node(graph, DuplicateEventFilter.UID);
        StreamNode split = node(graph, "kpi-split");
        assertThat(split.getInEdges()).singleElement()
                .satisfies(edge -> assertThat(edge.getSourceId()).isEqualTo(dedup.getId()));
        assertThat(dedup.getOperatorName()).isEqualTo("event deduplication");
    }

    private StreamGraph graph(String jobFields) throws IOException {
        Files.writeString(dir.resolve("fulcrum.yaml"), String.join("\n",
                "kafka: {bootstrapServers: 'localhost:1'}",
                "registry: {url: 'http://localhost:1'}",
                "clickhouse: {jdbcUrl: 'jdbc:clickhouse://localhost:1/db'}",
                "job:",
                "  parallelism: 2",
                "") + jobFields);
        Files.createDirectories(dir.resolve("kpis"));
        Files.writeString(dir.resolve("kpis/count.yaml"), String.join("\n",
                "id: deliveries",
                "name: Deliveries",
                "objectType: route",
                "aggregation: {type: count}",
                "window: {type: tumbling, size: 1h}",
                "direction: higher-is-better",
                ""));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        FulcrumPipeline.load(dir).addTo(env);
        return env.getStreamGraph();
    }

    private static List<String> uids(StreamGraph graph) {
        return graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).filter(Objects::nonNull)
                .toList();
    }

    private static StreamNode node(StreamGraph graph, String uid) {
        return graph.getStreamNodes().stream().filter(n -> uid.equals(n.getTransformationUID())).findFirst()
                .orElseThrow(() -> new AssertionError("no operator with uid " + uid + " in " + uids(graph)));
    }
}
