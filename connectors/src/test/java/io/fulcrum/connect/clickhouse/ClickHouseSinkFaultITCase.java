package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job that fails after some checkpoints and restores from the last one ends with the views of a no-fault run. */
@ExtendWith(ClickHouseExtension.class)
class ClickHouseSinkFaultITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ClickHouseSinkOptions OPTIONS = ClickHouseSinkOptions.builder().maxBatchRows(250)
            .maxBatchDelay(Duration.ofMillis(100)).build();

    @Test
    void restoredJobLeavesTheViewsOfANoFaultRun(ClickHouseServer server) throws Exception {
        GeneratedKpiValues values = new GeneratedKpiValues(4_000, 3);
        ClickHouseConnectionSettings clean = migrated(server, "fault_clean");
        ClickHouseConnectionSettings faulty = migrated(server, "fault_restored");

        StreamExecutionEnvironment cleanEnv = KpiValueJobs.environment();
        KpiValueJobs.build(cleanEnv, values, 4_000, 0, clean, OPTIONS);
        long started = System.nanoTime();
        cleanEnv.execute("no-fault run");
        long cleanMillis = (System.nanoTime() - started) / 1_000_000;

        KpiValueJobs.FailOnceAfterCheckpoints.reset();
        StreamExecutionEnvironment faultyEnv = KpiValueJobs.environment();
        KpiValueJobs.build(faultyEnv, values, 4_000, 3, faulty, OPTIONS);
        started = System.nanoTime();
        faultyEnv.execute("run with a failure");
        long faultyMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(KpiValueJobs.FailOnceAfterCheckpoints.FAILED).isTrue();
        assertThat(KpiValueJobs.FailOnceAfterCheckpoints.CHECKPOINTS_BEFORE_FAILURE.get()).isGreaterThanOrEqualTo(3);
        // region failover: the failed pipeline (source -> map -> sink, chained) restarts from the checkpoint; the
        // other may keep running
        assertThat(KpiValueJobs.FailOnceAfterCheckpoints.RESTORED_TASKS.get()).isBetween(1, 2);

        List<String> expected = values.expectedLatest();
        assertThat(GeneratedKpiValues.read(clean, "kpi_values_latest")).containsExactlyElementsOf(expected);
        assertThat(GeneratedKpiValues.read(faulty, "kpi_values_latest")).containsExactlyElementsOf(expected);
        System.out.printf("fault test: kpi_values rows clean run %d in %d ms, restored run %d in %d ms (replayed "
                        + "rows may land in the table, never in the view)%n",
                ClickHouseDatabases.count(clean, "SELECT count() FROM kpi_values"), cleanMillis,
                ClickHouseDatabases.count(faulty, "SELECT count() FROM kpi_values"), faultyMillis);
    }

    private static ClickHouseConnectionSettings migrated(ClickHouseServer server, String prefix) throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, prefix);
        Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled()).migrate();
        return db;
    }
}
