package io.fulcrum.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade path of a running job on a real Flink 2.2.1 session cluster: the job jar submitted with
 * {@code flink run -d}, stopped with a savepoint ({@code POST /jobs/<id>/stop}, {@code drain: false}, as
 * {@code flink stop --savepointPath} does) while hour-1 windows hold deliveries, resumed with
 * {@code flink run -d -s <savepoint>}; kpi_values_latest must then hold exactly what an uninterrupted run gives.
 *
 * <p>Why each step matters: the stop comes only after the job's consumer group has committed the offset of the
 * last delivery of the first part. Flink's Kafka source commits offsets when a checkpoint completes, so by then
 * those deliveries are in the job's window state and the job would never read them again: a resumed job that lost
 * the window state would count hour 1 without them, one that re-read them would count them twice. Without
 * {@code drain} no {@code MAX_WATERMARK} closes the open windows at the stop; they complete after the resume.
 *
 * <p>Deliveries (lane, time, ordered, delivered), one minute of out-of-orderness, ten minutes of allowed lateness:
 * <pre>
 * before the stop  a1 DE-FR 00:05 100 90   a2 NL-BE 00:12 40 30   a3 DE-FR 00:40 50 50
 *                  a4 NL-BE 01:20 60 60    (watermark 01:19: hour 0 fires and is past its lateness)
 *                  a5 DE-FR 01:45 80 60    (hour 1 open for both lanes)
 * after the stop   b1 NL-BE 01:50 100 80   b2 DE-FR 01:55 20 10   b3 DE-FR 02:10 30 30
 *                  b4 NL-BE 04:30 10 10    (watermark 04:29 closes hours 1 and 2; hour 4 stays open)
 * </pre>
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class, ClickHouseExtension.class,
        FlinkClusterExtension.class})
class FlinkClusterSavepointITCase {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant HOUR_0 = T0;
    private static final Instant HOUR_1 = T0.plusSeconds(3600);
    private static final Instant HOUR_2 = T0.plusSeconds(2 * 3600);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private static final List<Delivery> BEFORE_STOP = List.of(
            new Delivery("a1", "DE-FR", at(0, 5), 100, 90),
            new Delivery("a2", "NL-BE", at(0, 12), 40, 30),
            new Delivery("a3", "DE-FR", at(0, 40), 50, 50),
            new Delivery("a4", "NL-BE", at(1, 20), 60, 60),
            new Delivery("a5", "DE-FR", at(1, 45), 80, 60));
    private static final List<Delivery> AFTER_STOP = List.of(
            new Delivery("b1", "NL-BE", at(1, 50), 100, 80),
            new Delivery("b2", "DE-FR", at(1, 55), 20, 10),
            new Delivery("b3", "DE-FR", at(2, 10), 30, 30),
            new Delivery("b4", "NL-BE", at(4, 30), 10, 10));

    /** Hour 0, worked out by hand: in ClickHouse before the stop, final (its lateness has passed). */
    private static final List<KpiRow> HOUR_0_ROWS = List.of(
            new KpiRow("deliveries_route", "DE-FR", HOUR_0, 2, null, null, 2),
            new KpiRow("fill_rate_route", "DE-FR", HOUR_0, 140.0 / 150.0, 140.0, 150.0, 2),   // a1 + a3
            new KpiRow("deliveries_route", "NL-BE", HOUR_0, 1, null, null, 1),
            new KpiRow("fill_rate_route", "NL-BE", HOUR_0, 30.0 / 40.0, 30.0, 40.0, 1));      // a2

    /** Hours 1 and 2, worked out by hand: hour 1 of both lanes spans the stop. */
    private static final List<KpiRow> LATER_ROWS = List.of(
            new KpiRow("deliveries_route", "NL-BE", HOUR_1, 2, null, null, 2),
            new KpiRow("fill_rate_route", "NL-BE", HOUR_1, 140.0 / 160.0, 140.0, 160.0, 2),   // a4 + b1
            new KpiRow("deliveries_route", "DE-FR", HOUR_1, 2, null, null, 2),
            new KpiRow("fill_rate_route", "DE-FR", HOUR_1, 70.0 / 100.0, 70.0, 100.0, 2),     // a5 + b2
            new KpiRow("deliveries_route", "DE-FR", HOUR_2, 1, null, null, 1),
            new KpiRow("fill_rate_route", "DE-FR", HOUR_2, 30.0 / 30.0, 30.0, 30.0, 1));      // b3

    @Test
    @Timeout(300)
    void jobStoppedWithSavepointAndResumedLosesAndDoubleCountsNothing(EmbeddedKafka kafka,
            SchemaRegistryServer registry, ClickHouseServer clickhouse, FlinkCluster flink, @TempDir Path config)
            throws Exception {
        FlinkClient client = flink.client();
        RouteKpiDeployment deployment = RouteKpiDeployment.create(kafka, registry, clickhouse, config);

        long started = System.nanoTime();
        String firstJob = client.run(JobJar.path(), deployment.jobArguments());
        String savepoint;
        try {
            deployment.publish(BEFORE_STOP);
            assertThat(deployment.awaitRows(HOUR_0_ROWS.size(), flink, firstJob))
                    .containsExactlyInAnyOrderElementsOf(HOUR_0_ROWS);
            assertThat(client.restoredFrom(firstJob)).as("first job started with empty state").isEmpty();
            awaitCommittedOffset(kafka, deployment, BEFORE_STOP.size(), client, firstJob);
            System.out.printf("first part consumed and checkpointed %.1f s after submission%n", seconds(started));
            // A savepoint that cannot be written (its target is a file) is reported with Flink's cause; the job runs on.
            Path notADirectory = Files.writeString(config.resolve("not-a-directory"), "x");
            assertThatThrownBy(() -> client.stopWithSavepoint(firstJob, notADirectory, STOP_TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the savepoint of job " + firstJob + " into file://" + notADirectory
                            + " failed: ")
                    .hasMessageContaining("Failed to create savepoint directory at file:" + notADirectory)
                    .hasMessageContaining("JobManager log tail");
            assertThat(client.state(firstJob)).isEqualTo("RUNNING");
            long stopStarted = System.nanoTime();
            savepoint = client.stopWithSavepoint(firstJob, flink.savepointDirectory(), STOP_TIMEOUT);
            System.out.printf("stopped with savepoint %s in %.1f s%n", savepoint, seconds(stopStarted));
        } finally {
            if (!FlinkClient.TERMINAL_STATES.contains(client.state(firstJob))) {
                client.cancel(firstJob, Duration.ofSeconds(30));
            }
        }
        assertThat(client.state(firstJob)).isEqualTo("FINISHED");
        // The stop flushed nothing beyond hour 0: hour 1 is still open, in the savepoint only.
        assertThat(deployment.rows()).containsExactlyInAnyOrderElementsOf(HOUR_0_ROWS);

        deployment.publish(AFTER_STOP);
        long resumeStarted = System.nanoTime();
        String resumedJob = client.run(JobJar.path(), savepoint, deployment.jobArguments());
        String endState;
        try {
            List<KpiRow> rows = deployment.awaitRows(HOUR_0_ROWS.size() + LATER_ROWS.size(), flink, resumedJob);
            System.out.printf("resumed job's KPI values in ClickHouse %.1f s after flink run -s%n",
                    seconds(resumeStarted));
            assertThat(rows).as("kpi_values_latest after the resume: hour 0 from the first job, hours 1 and 2 "
                            + "spanning the stop").containsExactlyInAnyOrderElementsOf(concat(HOUR_0_ROWS, LATER_ROWS));
            assertThat(client.state(resumedJob)).isEqualTo("RUNNING");
            assertThat(client.restoredFrom(resumedJob)).as("where job " + resumedJob + " restored its state from")
                    .contains(savepoint);
        } finally {
            endState = client.cancel(resumedJob, Duration.ofSeconds(30));
        }
        assertThat(endState).isEqualTo("CANCELED");
    }

    /**
     * Waits until the job's consumer group has committed {@code offset} on the delivery topic's one partition: the
     * Kafka source commits when a checkpoint completes, so the records before it are in a completed checkpoint.
     */
    private static void awaitCommittedOffset(EmbeddedKafka kafka, RouteKpiDeployment deployment, long offset,
            FlinkClient client, String jobId) throws Exception {
        TopicPartition partition = new TopicPartition(deployment.deliveryTopic(), 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + COMMIT_TIMEOUT.toNanos();
            OffsetAndMetadata committed = null;
            while (System.nanoTime() < deadline) {
                committed = admin.listConsumerGroupOffsets(deployment.groupId()).partitionsToOffsetAndMetadata().get()
                        .get(partition);
                if (committed != null && committed.offset() >= offset) {
                    assertThat(committed.offset()).as("committed offset of " + partition).isEqualTo(offset);
                    return;
                }
                Thread.sleep(200);
            }
            fail("consumer group " + deployment.groupId() + " committed " + committed + " on " + partition + " after "
                    + COMMIT_TIMEOUT + ", expected offset " + offset + "; job " + jobId + " is "
                    + client.state(jobId) + ", vertices " + client.vertices(jobId));
        }
    }

    private static Instant at(int hour, int minute) {
        return T0.plusSeconds(hour * 3600L + minute * 60L);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static List<KpiRow> concat(List<KpiRow> first, List<KpiRow> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
