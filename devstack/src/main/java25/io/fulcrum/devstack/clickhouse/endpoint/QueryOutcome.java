package io.fulcrum.devstack.clickhouse.endpoint;

/**
 * What the engine answered to one statement: the formatted result and the counters ClickHouse reports in its
 * {@code X-ClickHouse-Summary} header.
 *
 * @param output the result in the requested output format (empty for DDL and inserts)
 * @param resultRows rows in the result set
 * @param resultBytes bytes of the result set in the engine's in-memory form
 * @param readRows rows read from storage
 * @param readBytes bytes read from storage
 * @param writtenRows rows written (inserts, including rows of cascaded materialized views)
 * @param writtenBytes bytes written
 * @param elapsedNanos engine time
 */
record QueryOutcome(
        byte[] output,
        long resultRows,
        long resultBytes,
        long readRows,
        long readBytes,
        long writtenRows,
        long writtenBytes,
        long elapsedNanos) {

    /** The summary header value: a JSON object whose numbers are strings, as ClickHouse writes it. */
    String summaryJson() {
        return "{\"read_rows\":\"" + readRows + "\",\"read_bytes\":\"" + readBytes
                + "\",\"written_rows\":\"" + writtenRows + "\",\"written_bytes\":\"" + writtenBytes
                + "\",\"total_rows_to_read\":\"" + readRows + "\",\"result_rows\":\"" + resultRows
                + "\",\"result_bytes\":\"" + resultBytes + "\",\"elapsed_ns\":\"" + elapsedNanos + "\"}";
    }
}
