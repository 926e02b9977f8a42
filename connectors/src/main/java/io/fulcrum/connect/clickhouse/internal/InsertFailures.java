package io.fulcrum.connect.clickhouse.internal;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.TransportException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;

/** Tells a failure that a retry may cure from one it cannot, by ClickHouse error code and exception type. */
public final class InsertFailures {

    /** What to do about a failed insert. */
    public enum Kind {
        /** The server or the network had a moment: retry with backoff. */
        TRANSIENT,
        /** The rows do not fit the table: fail the job, name the table and the fix. */
        SCHEMA_MISMATCH,
        /** Anything else the server refused: fail the job with its message. */
        PERMANENT
    }

    /**
     * ClickHouse error codes (src/Common/ErrorCodes.cpp) meaning the table, a column or a type does not match:
     * THERE_IS_NO_COLUMN 8, NOT_FOUND_COLUMN_IN_BLOCK 10, NO_SUCH_COLUMN_IN_TABLE 16, CANNOT_PARSE_INPUT_ASSERTION_FAILED 27,
     * CANNOT_READ_ALL_DATA 33, UNKNOWN_IDENTIFIER 47, TYPE_MISMATCH 53, UNKNOWN_TABLE 60, CANNOT_CONVERT_TYPE 70,
     * UNKNOWN_DATABASE 81, INCORRECT_DATA 117.
     */
    static final Set<Integer> SCHEMA_MISMATCH_CODES = Set.of(8, 10, 16, 27, 33, 47, 53, 60, 70, 81, 117);

    /**
     * Codes of conditions that pass: TIMEOUT_EXCEEDED 159, TOO_MANY_SIMULTANEOUS_QUERIES 202, NO_FREE_CONNECTION 203,
     * SOCKET_TIMEOUT 209, NETWORK_ERROR 210, MEMORY_LIMIT_EXCEEDED 241, TABLE_IS_READ_ONLY 242, TOO_MANY_PARTS 252,
     * UNKNOWN_STATUS_OF_INSERT 319, ALL_CONNECTION_TRIES_FAILED 279, KEEPER_EXCEPTION 999.
     */
    static final Set<Integer> TRANSIENT_CODES = Set.of(159, 202, 203, 209, 210, 241, 242, 252, 279, 319, 999);

    private InsertFailures() {}

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Integer code = serverCode(t);
            if (code != null && code > 0) {
                if (SCHEMA_MISMATCH_CODES.contains(code)) {
                    return Kind.SCHEMA_MISMATCH;
                }
                if (TRANSIENT_CODES.contains(code)) {
                    return Kind.TRANSIENT;
                }
                if (t instanceof ServerException && ((ServerException) t).isRetryable()) {
                    return Kind.TRANSIENT;
                }
                return Kind.PERMANENT;
            }
            if (t instanceof IOException || t instanceof ConnectionInitiationException
                    || t instanceof TransportException) {
                return Kind.TRANSIENT;
            }
            if (t instanceof ServerException && ((ServerException) t).isRetryable()) {
                return Kind.TRANSIENT;
            }
            if (t instanceof ServerException && ((ServerException) t).getTransportProtocolCode() >= 500) {
                return Kind.TRANSIENT;
            }
            if (t instanceof ClientException && t.getCause() == null) {
                return Kind.PERMANENT;
            }
        }
        return Kind.PERMANENT;
    }

    /** The ClickHouse error code carried by a server or JDBC exception, or null. */
    static Integer serverCode(Throwable t) {
        if (t instanceof ServerException) {
            return ((ServerException) t).getCode();
        }
        if (t instanceof SQLException && ((SQLException) t).getErrorCode() > 0) {
            return ((SQLException) t).getErrorCode();
        }
        return null;
    }
}
