package io.fulcrum.devstack.clickhouse.endpoint;

import java.util.Set;

/**
 * The HTTP status a ClickHouse server gives an error code (after its {@code exceptionCodeToHTTPStatus}): clients
 * branch on the {@code X-ClickHouse-Exception-Code} header, the status only tells them an error happened and, for
 * 401/403, that the body is not compressed.
 */
final class ErrorStatus {

    private static final Set<Integer> BAD_REQUEST = Set.of(
            6, // CANNOT_PARSE_TEXT
            26, // CANNOT_PARSE_QUOTED_STRING
            27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            36, // BAD_ARGUMENTS
            38, // CANNOT_PARSE_DATE
            41, // CANNOT_PARSE_DATETIME
            42, // NUMBER_OF_ARGUMENTS_DOESNT_MATCH
            43, // ILLEGAL_TYPE_OF_ARGUMENT
            47, // UNKNOWN_IDENTIFIER
            53, // TYPE_MISMATCH
            62, // SYNTAX_ERROR
            72, // CANNOT_PARSE_NUMBER
            456 // UNKNOWN_QUERY_PARAMETER
    );
    private static final Set<Integer> NOT_FOUND = Set.of(
            46, // UNKNOWN_FUNCTION
            50, // UNKNOWN_TYPE
            56, // UNKNOWN_STORAGE
            60, // UNKNOWN_TABLE
            81, // UNKNOWN_DATABASE
            115 // UNKNOWN_SETTING
    );
    private static final int NOT_IMPLEMENTED = 48;

    private ErrorStatus() {}

    static int of(int clickHouseCode) {
        if (BAD_REQUEST.contains(clickHouseCode)) {
            return 400;
        }
        if (NOT_FOUND.contains(clickHouseCode)) {
            return 404;
        }
        if (clickHouseCode == NOT_IMPLEMENTED) {
            return 501;
        }
        return 500;
    }
}
