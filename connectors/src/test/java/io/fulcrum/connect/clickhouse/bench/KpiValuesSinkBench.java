package io.fulcrum.connect.clickhouse.bench;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.connect.clickhouse.ClickHouseDatabases;
import io.fulcrum.connect.clickhouse.ClickHouseSink;
import io.fulcrum.connect.clickhouse.ClickHouseSinkOptions;
import io.fulcrum.connect.clickhouse.DdlLayout;
import io.fulcrum.connect.clickhouse.FulcrumTables;
import io.fulcrum.connect.clickhouse.GeneratedKpiValues;
import io.fulcrum.connect.clickhouse.Migrations;
import io.fulcrum.connect.clickhouse.Migrator;
import io.fulcrum.connect.clickhouse.RowMapping;
import io.fulcrum.connect.clickhouse.internal.ClientBatchInserter;
import io.fulcrum.connect.clickhouse.internal.RowBatch;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.schema.KpiValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Rows per second into kpi_values against the embedded ClickHouse endpoint, printed, never asserted. Two figures:
 * one sink writer's encode + insert loop on its own (what one sink subtask can do), and a Flink job (local
 * MiniCluster, generated KpiValues) at parallelism 1 and 2, whose wall time includes job start.
 *
 * <p>Run: {@code ./mvnw -B -pl connectors -am verify -Pbench -DskipTests [-Dbench.rows=2000000 -Dbench.batch=100000]}
 */
public final class KpiValuesSinkBench {

    private KpiValuesSinkBench() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        int batchRows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path data = Files.createTempDirectory("fulcrum-sink-bench-");
        ClickHouseServer server = ClickHouseServer.builder().dataDirectory(data).maxHeap("1g").start();
        try {
            System.out.printf("kpi_values sink bench: %,d rows, batch %,d rows, load average %s%n", rows, batchRows,
                    Files.readString(Paths.get("/proc/loadavg")).trim());
            GeneratedKpiValues values = new GeneratedKpiValues((int) Math.min(rows, 1_000_000), (int) Math.max(1,
                    rows / Math.min(rows, 1_000_000)));
            writerOnly(server, values, Math.min(rows, 200_000), batchRows, "warm-up");
            writerOnly(server, values, rows, batchRows, "one writer");
            for (int parallelism : new int[] {1, 2}) {
                flinkJob(server, values, rows, batchRows, parallelism);
            }
        } finally {
            server.stop();
        }
    }

    /** One sink writer's work without Flink: encode rows into RowBinary batches and insert them. */
    private static void writerOnly(ClickHouseServer server, GeneratedKpiValues values, long rows, int batchRows,
            String label) throws Exception {
        ClickHouseConnectionSettings db = migrated(server, "bench_writer");
        RowMapping<KpiValue> mapping = FulcrumTables.kpiValues();
        KpiValue[] source = new KpiValue[(int) Math.min(rows, 100_000)];
        for (int i = 0; i < source.length; i++) {
            source[i] = values.value(i);
        }
        long encodeNanos = 0;
        long insertNanos = 0;
        // CPU time, which the machine's load does not stretch: this thread's, and the endpoint process's
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long clientCpu0 = threads.getCurrentThreadCpuTime();
        long serverCpu0 = serverCpuNanos(server);
        try (ClientBatchInserter inserter = ClientBatchInserter.connect(db)) {
            RowBatch batch = new RowBatch(mapping.table(), inserter.mappedSchema(mapping));
            for (long i = 0; i < rows; i++) {
                long t0 = System.nanoTime();
                // distinct keys for every row: rotate the revision so re-used records stay distinct
                KpiValue v = source[(int) (i % source.length)];
                Object[] row = mapping.values(v);
                row[9] = (int) (i / source.length);
                batch.add(row);
                encodeNanos += System.nanoTime() - t0;
                if (batch.rows() == batchRows || i == rows - 1) {
                    long t1 = System.nanoTime();
                    inserter.insert(batch, batch.deduplicationToken());
                    insertNanos += System.nanoTime() - t1;
                    batch.clear();
                }
            }
        }
        double clientCpu = (threads.getCurrentThreadCpuTime() - clientCpu0) / 1e9;
        double serverCpu = (serverCpuNanos(server) - serverCpu0) / 1e9;
        long landed = ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values");
        System.out.printf("%-12s %,d rows landed; wall: encode+insert %,.0f rows/s per writer (encode %,.0f rows/s, "
                        + "insert %,.0f rows/s); CPU: writer thread %.2f s, endpoint %.2f s -> %,.0f rows per writer "
                        + "CPU-second, %,.0f rows per endpoint CPU-second%n", label + ":", landed,
                rows / ((encodeNanos + insertNanos) / 1e9), rows / (encodeNanos / 1e9), rows / (insertNanos / 1e9),
                clientCpu, serverCpu, rows / clientCpu, rows / serverCpu);
    }

    private static void flinkJob(ClickHouseServer server, GeneratedKpiValues values, long rows, int batchRows,
            int parallelism) throws Exception {
        ClickHouseConnectionSettings db = migrated(server, "bench_job");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                new Configuration());
        env.getConfig().enableObjectReuse();
        env.fromSource(new DataGeneratorSource<>(values, rows, new AvroTypeInfo<>(KpiValue.class)),
                        WatermarkStrategy.noWatermarks(), "generated-kpi-values")
                .sinkTo(ClickHouseSink.<KpiValue>builder().connection(db).mapping(FulcrumTables.kpiValues())
                        .options(ClickHouseSinkOptions.builder().maxBatchRows(batchRows).maxBatchBytes(256L << 20)
                                .build()).build());
        long t0 = System.nanoTime();
        env.execute("kpi_values sink bench p=" + parallelism);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long landed = ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values");
        System.out.printf("flink p=%d:   %,d rows landed in %.1f s (job start included): %,.0f rows/s total, "
                + "%,.0f rows/s per sink subtask%n", parallelism, landed, seconds, rows / seconds,
                rows / seconds / parallelism);
    }

    /** CPU time the endpoint process has used so far (all its threads). */
    private static long serverCpuNanos(ClickHouseServer server) {
        return ProcessHandle.of(server.pid()).flatMap(p -> p.info().totalCpuDuration())
                .map(java.time.Duration::toNanos).orElse(0L);
    }

    private static ClickHouseConnectionSettings migrated(ClickHouseServer server, String prefix) throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, prefix);
        Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled()).migrate();
        // no background merges, so the count of kpi_values is every row that landed
        ClickHouseDatabases.execute(db, "SYSTEM STOP MERGES kpi_values");
        return db;
    }
}
