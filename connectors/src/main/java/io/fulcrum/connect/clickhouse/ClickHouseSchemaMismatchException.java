package io.fulcrum.connect.clickhouse;

import java.io.IOException;

/**
 * The records do not fit the table: the table or a column is missing, or a value cannot be written for the
 * column's type. Retrying cannot help, so the sink fails the job with this; the message names the table, the
 * column where known, ClickHouse's error and the fix (run the migrations, or align the {@link RowMapping}).
 */
public final class ClickHouseSchemaMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    public ClickHouseSchemaMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
