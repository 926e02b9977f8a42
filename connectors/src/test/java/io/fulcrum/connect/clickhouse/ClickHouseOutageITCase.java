package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ClickHouse endpoint stops for seconds while the job streams into it and starts again on the same data: the
 * writers retry with backoff, the job goes on, and every row is in the table once. Uses an endpoint of its own,
 * since it stops it.
 */
class ClickHouseOutageITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Duration OUTAGE = Duration.ofSeconds(4);

    @Test
    void jobRidesOutAStoppedEndpointAndEveryRowArrivesOnce(@TempDir Path data) throws Exception {
        int port = Ports.freePort();
        ClickHouseServer server = ClickHouseServer.builder().dataDirectory(data).port(port).start();
        try {
            ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, "outage");
            Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled()).migrate();
            // one revision per window: every row has its own key, so even merges cannot hide a duplicate
            GeneratedKpiValues values = new GeneratedKpiValues(8_000, 1);
            ClickHouseSinkOptions options = ClickHouseSinkOptions.builder().maxBatchRows(200)
                    .maxBatchDelay(Duration.ofMillis(100)).initialBackoff(Duration.ofMillis(100))
                    .maxBackoff(Duration.ofSeconds(1)).retryTimeout(Duration.ofSeconds(90)).build();
            StreamExecutionEnvironment env = KpiValueJobs.environment();
            KpiValueJobs.build(env, values, 1_000, 0, db, options);
            JobClient job = env.executeAsync("outage");

            long before = waitForRows(db, 1_000, Duration.ofSeconds(60));
            server.stop();
            Thread.sleep(OUTAGE.toMillis());
            server = ClickHouseServer.builder().dataDirectory(data).port(port).start();
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

            assertThat(before).as("rows in when the endpoint stopped").isLessThan(values.count());
            assertThat(counted(job, "clickhouseRetries")).as("insert retries during the outage").isPositive();
            assertThat(counted(job, "numRecordsSend")).as("rows the sink reports written").isEqualTo(values.count());
            long batches = counted(job, "clickhouseBatches");
            assertThat(batches).as("batches written").isGreaterThanOrEqualTo(values.count() / 200);
            assertThat(METRICS.findMetrics(job.getJobID(), "clickhouseInsertLatencyMs").values().stream()
                    .mapToLong(m -> ((Histogram) m).getCount()).sum()).as("insert latencies recorded").isEqualTo(batches);
            assertThat(ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values")).isEqualTo(values.count());
            assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).containsExactlyElementsOf(values.expectedLatest());
        } finally {
            server.stop();
        }
    }

    /** The sum over the sink's subtasks of a counter. */
    private static long counted(JobClient job, String name) {
        return METRICS.findMetrics(job.getJobID(), name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    private static long waitForRows(ClickHouseConnectionSettings db, long rows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values");
            if (now >= rows || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(100);
        }
    }
}
