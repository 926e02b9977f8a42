package io.fulcrum.connect.clickhouse;

import io.fulcrum.schema.KpiValue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job of the fault and outage tests: generated KPI values at a fixed rate into the sink, with checkpoints. */
final class KpiValueJobs {

    private KpiValueJobs() {}

    static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        return env;
    }

    /**
     * Adds generated values → (optional failure) → ClickHouse sink.
     *
     * @param failAfterCheckpoints fail once after this many completed checkpoints; 0 for no failure
     */
    static void build(StreamExecutionEnvironment env, GeneratedKpiValues values, double rowsPerSecond,
            int failAfterCheckpoints, ClickHouseConnectionSettings db, ClickHouseSinkOptions options) {
        var stream = env.fromSource(new DataGeneratorSource<>(values, values.count(),
                        RateLimiterStrategy.perSecond(rowsPerSecond), new AvroTypeInfo<>(KpiValue.class)),
                WatermarkStrategy.noWatermarks(), "generated-kpi-values").uid("generated-kpi-values");
        if (failAfterCheckpoints > 0) {
            stream = stream.map(new FailOnceAfterCheckpoints(failAfterCheckpoints))
                    .returns(new AvroTypeInfo<>(KpiValue.class)).name("fail-once").uid("fail-once");
        }
        stream.sinkTo(ClickHouseSink.<KpiValue>builder().connection(db).mapping(FulcrumTables.kpiValues())
                .options(options).build()).name("kpi-values-to-clickhouse").uid("kpi-values-to-clickhouse");
    }

    /**
     * Throws once, in one subtask, on the first record after the given number of checkpoints completed; records
     * whether the restarted tasks were restored from a checkpoint. Static fields, because the restarted task is a
     * new instance in the same JVM (MiniCluster).
     */
    static final class FailOnceAfterCheckpoints extends RichMapFunction<KpiValue, KpiValue>
            implements CheckpointListener, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger RESTORED_TASKS = new AtomicInteger();
        static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();

        private final int afterCheckpoints;
        private transient int completed;

        FailOnceAfterCheckpoints(int afterCheckpoints) {
            this.afterCheckpoints = afterCheckpoints;
        }

        static void reset() {
            FAILED.set(false);
            RESTORED_TASKS.set(0);
            CHECKPOINTS_BEFORE_FAILURE.set(0);
        }

        @Override
        public KpiValue map(KpiValue value) {
            if (completed >= afterCheckpoints && FAILED.compareAndSet(false, true)) {
                CHECKPOINTS_BEFORE_FAILURE.set(completed);
                throw new IllegalStateException("injected failure after " + completed + " checkpoints");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completed++;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {}

        @Override
        public void initializeState(FunctionInitializationContext context) {
            if (context.isRestored()) {
                RESTORED_TASKS.incrementAndGet();
            }
        }
    }
}
