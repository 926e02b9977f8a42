package io.fulcrum.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.deploy.RouteKpiDeployment.Delivery;
import io.fulcrum.app.deploy.RouteKpiDeployment.KpiRow;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.flink.FlinkClient;
import io.fulcrum.devstack.flink.FlinkCluster;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import io.fulcrum.devstack.junit.FlinkClusterExtension;
import io.fulcrum.devstack.junit.KafkaExtension;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink 2.2.1 session cluster (a JobManager and a TaskManager process on Flink's jars only),
 * submitted as users submit it ({@code flink run -d fulcrum-job.jar --config DIR}), against the embedded Kafka,
 * registry and ClickHouse: a handful of JSON deliveries in, the KPI values in ClickHouse compared with values worked
 * out by hand, then the job cancelled. The cluster is stopped by {@link FlinkClusterExtension} when the run ends.
 *
 * <p>The job is unbounded, as on a cluster. Its windows close when the watermark passes their end, so the last
 * delivery lies two hours after the others: its own window (hour 3) stays open and never reaches ClickHouse, and
 * the watermark it brings (03:00 minus one minute of out-of-orderness) closes hours 0 and 1.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class, ClickHouseExtension.class,
        FlinkClusterExtension.class})
class FlinkClusterSubmissionITCase {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    @Timeout(240)
    void jobJarComputesKpisOnTheCluster(EmbeddedKafka kafka, SchemaRegistryServer registry,
            ClickHouseServer clickhouse, FlinkCluster flink, @TempDir Path config) throws Exception {
        FlinkClient client = flink.client();
        // The cluster runs on Flink's jars alone: whatever the job needs beyond them must come from the job jar.
        assertThat(client.jobManagerClasspath())
                .anyMatch(entry -> entry.contains("flink-runtime-2.2.1.jar"))
                .noneMatch(entry -> entry.contains("fulcrum") || entry.contains("kafka-clients")
                        || entry.contains("flink-connector-kafka") || entry.contains("avro")
                        || entry.contains("clickhouse") || !entry.endsWith(".jar"));

        RouteKpiDeployment deployment = RouteKpiDeployment.create(kafka, registry, clickhouse, config);

        List<Delivery> deliveries = List.of(
                new Delivery("d1", "DE-FR", T0.plusSeconds(5 * 60), 100, 90),
                new Delivery("d2", "NL-BE", T0.plusSeconds(12 * 60), 40, 30),
                new Delivery("d3", "DE-FR", T0.plusSeconds(40 * 60), 50, 50),
                new Delivery("d4", "NL-BE", T0.plusSeconds(41 * 60), 60, 60),
                new Delivery("d5", "NL-BE", T0.plusSeconds(59 * 60), 100, 80),
                new Delivery("d6", "DE-FR", T0.plusSeconds(90 * 60), 80, 60),
                // Two hours later: closes hours 0 and 1, its own window stays open.
                new Delivery("d7", "DE-FR", T0.plusSeconds(3 * 3600 + 30 * 60), 10, 10));
        deployment.publish(deliveries);
        Instant hour0 = T0;
        Instant hour1 = T0.plusSeconds(3600);
        // Worked out by hand from the deliveries above: count per lane and hour; fill rate = delivered / ordered.
        List<KpiRow> expected = List.of(
                new KpiRow("deliveries_route", "DE-FR", hour0, 2, null, null, 2),
                new KpiRow("fill_rate_route", "DE-FR", hour0, 140.0 / 150.0, 140.0, 150.0, 2),    // d1 + d3
                new KpiRow("deliveries_route", "NL-BE", hour0, 3, null, null, 3),
                new KpiRow("fill_rate_route", "NL-BE", hour0, 170.0 / 200.0, 170.0, 200.0, 3),    // d2 + d4 + d5
                new KpiRow("deliveries_route", "DE-FR", hour1, 1, null, null, 1),
                new KpiRow("fill_rate_route", "DE-FR", hour1, 60.0 / 80.0, 60.0, 80.0, 1));       // d6

        long submitStarted = System.nanoTime();
        String jobId = client.run(JobJar.path(), deployment.jobArguments());
        System.out.printf("flink run -d returned job %s after %.1f s%n", jobId,
                (System.nanoTime() - submitStarted) / 1e9);
        String endState;
        try {
            List<KpiRow> rows = deployment.awaitRows(expected.size(), flink, jobId);
            System.out.printf("%d KPI values in ClickHouse %.1f s after submission%n", rows.size(),
                    (System.nanoTime() - submitStarted) / 1e9);
            assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(client.state(jobId)).isEqualTo("RUNNING");
        } finally {
            endState = client.cancel(jobId, Duration.ofSeconds(30));
        }
        assertThat(endState).isEqualTo("CANCELED");
    }
}
