package io.fulcrum.connect.clickhouse.internal;

import io.fulcrum.connect.clickhouse.ClickHouseSchemaMismatchException;
import io.fulcrum.connect.clickhouse.ClickHouseSinkOptions;
import io.fulcrum.connect.clickhouse.RowMapping;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows into one {@link RowBatch} and writes it when it is full (rows or bytes), when its first row is
 * {@code maxBatchDelay} old, and on {@link #flush} — which Flink calls before every checkpoint barrier and at the
 * end of input, so a checkpoint never completes while rows it covers are only in this buffer (at-least-once).
 *
 * <p>Writing blocks the task thread, which is what gives backpressure; a transient failure is retried with the
 * same batch and the same deduplication token, with exponential backoff, within the retry timeout. Everything runs
 * on the task's mailbox thread (write, flush and the processing-time callback), so no locking is needed.
 *
 * <p>Written on SinkWriter directly rather than on flink-connector-base's AsyncSinkWriter: that one hands failed
 * entries back to its buffer, where they are re-batched with others, so a retried batch would not have the same
 * content and deduplication token; and its retries have no backoff.
 */
public final class ClickHouseSinkWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

    /** Waits between retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    // configuration
    private final RowMapping<T> mapping;
    private final ClickHouseSinkOptions options;
    private final ProcessingTimeService time;
    private final Sleeper sleeper;
    private final String subtask;

    // I/O and metrics
    private final BatchInserter inserter;
    private final SinkMetrics metrics;

    // buffer: rows since the last write
    private final RowBatch batch;
    /** Counts written batches, so a timer set for an earlier batch does not write a younger one early. */
    private long batchSequence;

    public ClickHouseSinkWriter(RowMapping<T> mapping, RowBatch batch, BatchInserter inserter,
            ClickHouseSinkOptions options, ProcessingTimeService time, SinkMetrics metrics, Sleeper sleeper,
            String subtask) {
        this.mapping = mapping;
        this.batch = batch;
        this.inserter = inserter;
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.subtask = subtask;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        boolean first = batch.isEmpty();
        batch.add(mapping.values(element));
        if (batch.rows() >= options.maxBatchRows() || batch.bytes() >= options.maxBatchBytes()) {
            writeBatch("size");
        } else if (first) {
            long sequence = batchSequence;
            time.registerTimer(time.getCurrentProcessingTime() + options.maxBatchDelay().toMillis(),
                    now -> onBatchDelay(sequence));
        }
    }

    private void onBatchDelay(long sequence) throws IOException, InterruptedException {
        if (sequence == batchSequence && !batch.isEmpty()) {
            writeBatch("delay");
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (!batch.isEmpty()) {
            writeBatch(endOfInput ? "end of input" : "checkpoint");
        }
    }

    private void writeBatch(String trigger) throws IOException, InterruptedException {
        String token = batch.deduplicationToken();
        long firstAttempt = System.nanoTime();
        Duration waited = Duration.ZERO;
        Duration budget = options.retryTimeout();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                inserter.insert(batch, token);
                metrics.batchWritten(batch.rows(), batch.bytes(), (System.nanoTime() - started) / 1_000_000);
                LOG.debug("{}: wrote {} rows ({} bytes) into {} on {}, attempt {}", subtask, batch.rows(),
                        batch.bytes(), mapping.table(), trigger, attempt);
                break;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                InsertFailures.Kind kind = InsertFailures.classify(e);
                if (kind == InsertFailures.Kind.SCHEMA_MISMATCH) {
                    throw new ClickHouseSchemaMismatchException("ClickHouse refused " + batch.rows()
                            + " rows for table " + mapping.table() + " because they do not fit the table (columns "
                            + mapping.columns() + "): " + e.getMessage() + ". Run the migrations (Migrator) or "
                            + "align the RowMapping with the table; the job stops because a retry cannot help.", e);
                }
                if (kind == InsertFailures.Kind.PERMANENT) {
                    throw new IOException("ClickHouse refused a batch of " + batch.rows() + " rows for table "
                            + mapping.table() + " (" + subtask + "): " + e.getMessage()
                            + ". Not retried: the error is not one a retry can cure.", e);
                }
                Duration wait = options.backoff(attempt);
                // the waits count even when the sleeper returns early (tests), so the budget bounds the attempts
                Duration elapsed = Duration.ofNanos(System.nanoTime() - firstAttempt);
                Duration spent = elapsed.compareTo(waited) > 0 ? elapsed : waited;
                if (spent.plus(wait).compareTo(budget) > 0) {
                    throw new IOException("ClickHouse insert of " + batch.rows() + " rows into " + mapping.table()
                            + " (" + subtask + ") still failing after " + attempt + " attempts over "
                            + spent.toMillis() + " ms, beyond retryTimeout " + budget + ": " + e.getMessage()
                            + ". The job restarts from its last checkpoint; raise retryTimeout to ride out longer "
                            + "outages.", e);
                }
                metrics.retried();
                LOG.warn("{}: insert of {} rows into {} failed (attempt {}), retrying in {} ms: {}", subtask,
                        batch.rows(), mapping.table(), attempt, wait.toMillis(), e.toString());
                sleeper.sleep(wait);
                waited = waited.plus(wait);
            }
        }
        batch.clear();
        batchSequence++;
    }

    /** The metrics, for tests. */
    public SinkMetrics metrics() {
        return metrics;
    }

    /**
     * Releases the connection. Rows still buffered are not written: after a failure they belong to a checkpoint
     * that will not complete and are replayed; at the end of input {@link #flush} has written them already.
     */
    @Override
    public void close() throws java.sql.SQLException {
        inserter.close();
    }
}
