package io.fulcrum.connect.clickhouse.internal;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The sink's metrics, under the writer's metric group: Flink's standard numRecordsSend / numBytesSend, and
 * {@code clickhouseBatches}, {@code clickhouseRetries}, {@code clickhouseInsertLatencyMs} (histogram over the last
 * 1,000 successful inserts, retries not included).
 */
public final class SinkMetrics {

    private final Counter rows;
    private final Counter bytes;
    private final Counter batches;
    private final Counter retries;
    private final Histogram insertLatencyMillis;

    public SinkMetrics(SinkWriterMetricGroup group) {
        this.rows = group.getNumRecordsSendCounter();
        this.bytes = group.getNumBytesSendCounter();
        this.batches = group.counter("clickhouseBatches");
        this.retries = group.counter("clickhouseRetries");
        this.insertLatencyMillis = group.histogram("clickhouseInsertLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    void batchWritten(int batchRows, int batchBytes, long latencyMillis) {
        rows.inc(batchRows);
        bytes.inc(batchBytes);
        batches.inc();
        insertLatencyMillis.update(latencyMillis);
    }

    void retried() {
        retries.inc();
    }

    public long rowsWritten() {
        return rows.getCount();
    }

    public long batchesWritten() {
        return batches.getCount();
    }

    public long retries() {
        return retries.getCount();
    }

    public Histogram insertLatencyMillis() {
        return insertLatencyMillis;
    }
}
