package io.fulcrum.connect.clickhouse;

import io.fulcrum.connect.clickhouse.internal.ClickHouseSinkWriter;
import io.fulcrum.connect.clickhouse.internal.ClientBatchInserter;
import io.fulcrum.connect.clickhouse.internal.RowBatch;
import io.fulcrum.connect.clickhouse.internal.SinkMetrics;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink writing records into one ClickHouse table through clickhouse-jdbc 0.10, at least once: each writer
 * batches rows (by rows, bytes and time, see {@link ClickHouseSinkOptions}) and writes its batch before every
 * checkpoint barrier, so a completed checkpoint means its rows are in ClickHouse. After a failure the job replays
 * from the checkpoint and rows are written again; the tables' ReplacingMergeTree keys make the replayed rows
 * collapse with the first ones, and the reader views (FINAL) never show them twice. A batch retried after a
 * transient failure carries the deduplication token of its first attempt, so ClickHouse also drops it from the
 * table itself when the first attempt had landed (see connectors/README.md for which mechanism guarantees what).
 *
 * <p>On open, a writer checks the table against the mapping and fails with {@link ClickHouseSchemaMismatchException}
 * when they do not fit.
 *
 * <pre>{@code
 * stream.sinkTo(ClickHouseSink.<KpiValue>builder()
 *         .connection(ClickHouseConnectionSettings.of("jdbc:clickhouse://ch:8123/fulcrum", props))
 *         .mapping(FulcrumTables.kpiValues())
 *         .build()).name("kpi-values-to-clickhouse").uid("kpi-values-to-clickhouse");
 * }</pre>
 *
 * @param <T> the record type
 */
public final class ClickHouseSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseConnectionSettings connection;
    private final RowMapping<T> mapping;
    private final ClickHouseSinkOptions options;

    private ClickHouseSink(ClickHouseConnectionSettings connection, RowMapping<T> mapping, ClickHouseSinkOptions options) {
        this.connection = connection;
        this.mapping = mapping;
        this.options = options;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public RowMapping<T> mapping() {
        return mapping;
    }

    public ClickHouseSinkOptions options() {
        return options;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        String subtask = "ClickHouse sink " + mapping.table() + " subtask "
                + context.getTaskInfo().getIndexOfThisSubtask();
        ClientBatchInserter inserter;
        try {
            inserter = ClientBatchInserter.connect(connection);
        } catch (Exception e) {
            throw new IOException(subtask + " cannot connect to " + connection + ": " + e.getMessage(), e);
        }
        try {
            RowBatch batch = new RowBatch(mapping.table(), inserter.mappedSchema(mapping));
            return new ClickHouseSinkWriter<>(mapping, batch, inserter, options, context.getProcessingTimeService(),
                    new SinkMetrics(context.metricGroup()), duration -> Thread.sleep(duration.toMillis()), subtask);
        } catch (Exception e) {
            try {
                inserter.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof IOException) {
                throw (IOException) e;
            }
            throw new IOException(subtask + " cannot read the schema of table " + mapping.table() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseSink{" + mapping + ", " + connection + ", " + options + "}";
    }

    /** Connection and mapping are required; options default to {@link ClickHouseSinkOptions#defaults()}. */
    public static final class Builder<T> {
        private ClickHouseConnectionSettings connection;
        private RowMapping<T> mapping;
        private ClickHouseSinkOptions options = ClickHouseSinkOptions.defaults();

        private Builder() {}

        public Builder<T> connection(ClickHouseConnectionSettings connection) {
            this.connection = Objects.requireNonNull(connection, "connection can't be null");
            return this;
        }

        public Builder<T> mapping(RowMapping<T> mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping can't be null");
            return this;
        }

        public Builder<T> options(ClickHouseSinkOptions options) {
            this.options = Objects.requireNonNull(options, "options can't be null");
            return this;
        }

        public ClickHouseSink<T> build() {
            if (connection == null) {
                throw new IllegalStateException("ClickHouse sink has no connection; set connection("
                        + "ClickHouseConnectionSettings.of(jdbcUrl, properties))");
            }
            if (mapping == null) {
                throw new IllegalStateException("ClickHouse sink has no mapping; set mapping(...), e.g. "
                        + "FulcrumTables.kpiValues()");
            }
            return new ClickHouseSink<>(connection, mapping, options);
        }
    }
}
