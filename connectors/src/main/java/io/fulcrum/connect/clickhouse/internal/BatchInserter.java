package io.fulcrum.connect.clickhouse.internal;

/** Sends one batch to ClickHouse; the writer decides about batching and retries. */
public interface BatchInserter extends AutoCloseable {

    /**
     * Inserts the batch's rows with the given deduplication token.
     *
     * @throws Exception whatever the transport or the server raised; {@link InsertFailures} classifies it
     */
    void insert(RowBatch batch, String deduplicationToken) throws Exception;

    @Override
    void close() throws java.sql.SQLException;
}
