package io.fulcrum.connect.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import io.fulcrum.connect.clickhouse.ClickHouseSchemaMismatchException;
import io.fulcrum.connect.clickhouse.ClickHouseSinkOptions;
import io.fulcrum.connect.clickhouse.RowMapping;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The writer's batching, flushing and retry decisions. ClickHouse is replaced by a recording {@link BatchInserter}
 * because a unit test does no I/O; the ITCases run the same writer against the real endpoint.
 */
class ClickHouseSinkWriterTest {

    /** One row: an id and a value; 1 + 3 + 8 = 12 bytes of RowBinary for a 3-character id. */
    record Reading(String id, long value) {}

    private static final RowMapping<Reading> MAPPING = RowMapping.<Reading>into("readings")
            .column("id", Reading::id).column("value", Reading::value).build();
    private static final TableSchema SCHEMA = new TableSchema("readings", null, "db",
            List.of(ClickHouseColumn.of("id", "String"), ClickHouseColumn.of("value", "Int64")));
    private static final SinkWriter.Context CONTEXT = new SinkWriter.Context() {
        @Override
        public long currentWatermark() {
            return Long.MIN_VALUE;
        }

        @Override
        public Long timestamp() {
            return null;
        }
    };

    private final RecordingInserter inserter = new RecordingInserter();
    private final ManualTime time = new ManualTime();
    private final List<Duration> sleeps = new ArrayList<>();

    private ClickHouseSinkWriter<Reading> writer(ClickHouseSinkOptions options) {
        return new ClickHouseSinkWriter<>(MAPPING, new RowBatch("readings", SCHEMA), inserter, options, time,
                new SinkMetrics(UnregisteredMetricsGroup.createSinkWriterMetricGroup()), sleeps::add, "test subtask");
    }

    private static ClickHouseSinkOptions.Builder options() {
        return ClickHouseSinkOptions.builder().maxBatchRows(1000).maxBatchBytes(1 << 20)
                .maxBatchDelay(Duration.ofSeconds(1));
    }

    @Test
    void writesABatchWhenItReachesMaxRows() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().maxBatchRows(3).build());
        for (int i = 0; i < 7; i++) {
            writer.write(new Reading("r-" + i, i), CONTEXT);
        }
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(3, 3);
        writer.flush(false);
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(3, 3, 1);
        assertThat(writer.metrics().rowsWritten()).isEqualTo(7);
        assertThat(writer.metrics().batchesWritten()).isEqualTo(3);
    }

    @Test
    void writesABatchWhenItReachesMaxBytes() throws Exception {
        // each row is 12 bytes: the batch reaches 24 >= 24 bytes with its second row
        ClickHouseSinkWriter<Reading> writer = writer(options().maxBatchBytes(24).build());
        for (int i = 0; i < 5; i++) {
            writer.write(new Reading("r-" + i, i), CONTEXT);
        }
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(2, 2);
        assertThat(inserter.batches).extracting(Sent::bytes).containsExactly(24, 24);
    }

    @Test
    void writesABatchWhenItsFirstRowIsMaxDelayOld() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().build());
        time.now = 10_000;
        writer.write(new Reading("r-0", 0), CONTEXT);
        time.now = 10_600;
        writer.write(new Reading("r-1", 1), CONTEXT);
        time.advanceTo(10_999);
        assertThat(inserter.batches).isEmpty();
        time.advanceTo(11_000);
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(2);

        // the next batch starts its own clock
        writer.write(new Reading("r-2", 2), CONTEXT);
        time.advanceTo(11_500);
        assertThat(inserter.batches).hasSize(1);
        time.advanceTo(12_000);
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(2, 1);
    }

    @Test
    void timerOfABatchAlreadyWrittenDoesNotCutTheNextOneShort() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().maxBatchRows(2).build());
        time.now = 0;
        writer.write(new Reading("r-0", 0), CONTEXT); // timer for t=1000
        writer.write(new Reading("r-1", 1), CONTEXT); // full: written now
        time.now = 900;
        writer.write(new Reading("r-2", 2), CONTEXT); // new batch, timer for t=1900
        time.advanceTo(1000);
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(2);
        time.advanceTo(1900);
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(2, 1);
    }

    @Test
    void checkpointFlushWritesEverythingBufferedAndEmptyFlushWritesNothing() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().build());
        writer.flush(false);
        assertThat(inserter.batches).isEmpty();
        writer.write(new Reading("abc", 1), CONTEXT);
        writer.write(new Reading("def", 2), CONTEXT);
        writer.flush(false);
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(2);
        writer.flush(true);
        assertThat(inserter.batches).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndTheSameToken() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(300)).build());
        inserter.failures.add(new ConnectionInitiationException("refused", new ConnectException("refused")));
        inserter.failures.add(new ServerException(252, "Code: 252. DB::Exception: Too many parts", 500, "q1"));
        inserter.failures.add(new IOException("connection reset"));
        inserter.failures.add(new ServerException(241, "Code: 241. DB::Exception: Memory limit", 500, "q2"));
        writer.write(new Reading("abc", 1), CONTEXT);
        writer.flush(false);

        assertThat(inserter.attempts).hasSize(5);
        assertThat(inserter.attempts).extracting(Sent::token).containsOnly(inserter.attempts.get(0).token());
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300));
        assertThat(inserter.batches).extracting(Sent::rows).containsExactly(1);
        assertThat(writer.metrics().retries()).isEqualTo(4);
        assertThat(writer.metrics().batchesWritten()).isEqualTo(1);
    }

    @Test
    void givesUpWhenTheRetryTimeoutWouldBeExceeded() throws Exception {
        // the 250 ms budget allows waits of 100 + 100 (the cap) and refuses a third, which would make 300 ms
        ClickHouseSinkWriter<Reading> writer = writer(options().initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(100)).retryTimeout(Duration.ofMillis(250)).build());
        for (int i = 0; i < 10; i++) {
            inserter.failures.add(new ConnectionInitiationException("refused", new ConnectException("refused")));
        }
        writer.write(new Reading("abc", 1), CONTEXT);
        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("ClickHouse insert of 1 rows into readings (test subtask) still failing after "
                        + "3 attempts")
                .hasMessageContaining("The job restarts from its last checkpoint");
        assertThat(inserter.attempts).hasSize(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void schemaMismatchFailsAtOnceNamingTableAndFix() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().build());
        inserter.failures.add(new ServerException(16,
                "Code: 16. DB::Exception: No such column value in table db.readings", 400, "q"));
        writer.write(new Reading("abc", 1), CONTEXT);
        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(ClickHouseSchemaMismatchException.class)
                .hasMessageStartingWith("ClickHouse refused 1 rows for table readings because they do not fit the "
                        + "table (columns [id, value]): Code: 16. DB::Exception: No such column value")
                .hasMessageContaining("Run the migrations (Migrator) or align the RowMapping");
        assertThat(inserter.attempts).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void permanentServerErrorIsNotRetried() throws Exception {
        ClickHouseSinkWriter<Reading> writer = writer(options().build());
        inserter.failures.add(new ServerException(62, "Code: 62. DB::Exception: Syntax error", 400, "q"));
        writer.write(new Reading("abc", 1), CONTEXT);
        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ClickHouseSchemaMismatchException.class)
                .hasMessageContaining("Code: 62. DB::Exception: Syntax error")
                .hasMessageContaining("Not retried");
        assertThat(inserter.attempts).hasSize(1);
    }

    @Test
    void sameRowsInTheSameOrderGiveTheSameTokenAcrossWriters() throws Exception {
        ClickHouseSinkWriter<Reading> first = writer(options().build());
        first.write(new Reading("abc", 1), CONTEXT);
        first.write(new Reading("def", 2), CONTEXT);
        first.flush(false);
        ClickHouseSinkWriter<Reading> replay = writer(options().build());
        replay.write(new Reading("abc", 1), CONTEXT);
        replay.write(new Reading("def", 2), CONTEXT);
        replay.flush(false);
        replay.write(new Reading("def", 2), CONTEXT);
        replay.flush(false);
        assertThat(inserter.batches.get(1).token()).isEqualTo(inserter.batches.get(0).token());
        assertThat(inserter.batches.get(2).token()).isNotEqualTo(inserter.batches.get(0).token());
    }

    /** What one insert call carried. */
    record Sent(int rows, int bytes, String token) {}

    /** Records inserts; throws the queued failures first, one per call. */
    private static final class RecordingInserter implements BatchInserter {
        final List<Sent> attempts = new ArrayList<>();
        final List<Sent> batches = new ArrayList<>();
        final Deque<Exception> failures = new ArrayDeque<>();

        @Override
        public void insert(RowBatch batch, String token) throws Exception {
            Sent sent = new Sent(batch.rows(), batch.bytes(), token);
            attempts.add(sent);
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            batches.add(sent);
        }

        @Override
        public void close() {}
    }

    /** Processing time that moves only when the test says so, firing due timers in time order. */
    private static final class ManualTime implements ProcessingTimeService {
        long now;
        private final TreeMap<Long, List<ProcessingTimeCallback>> timers = new TreeMap<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
            timers.computeIfAbsent(timestamp, t -> new ArrayList<>()).add(callback);
            return null;
        }

        void advanceTo(long time) throws Exception {
            now = time;
            while (!timers.isEmpty() && timers.firstKey() <= time) {
                var due = timers.pollFirstEntry();
                for (ProcessingTimeCallback callback : due.getValue()) {
                    callback.onProcessingTime(due.getKey());
                }
            }
        }
    }
}
