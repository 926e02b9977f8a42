package io.fulcrum.devstack.clickhouse.endpoint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error the ClickHouse engine reported, with its ClickHouse error code parsed from the engine's message
 * ({@code "Code: 60. DB::Exception: ..."}), so that the endpoint can answer the way a ClickHouse server does.
 */
final class EngineError extends Exception {

    /** ClickHouse's code for an error without a more specific one (UNKNOWN_EXCEPTION). */
    static final int UNKNOWN_EXCEPTION = 1002;

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");

    private final int code;

    EngineError(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The engine's message as an error, its code parsed from the message or {@link #UNKNOWN_EXCEPTION}. */
    static EngineError fromMessage(String message) {
        Matcher m = CODE.matcher(message);
        int code = m.find() ? Integer.parseInt(m.group(1)) : UNKNOWN_EXCEPTION;
        return new EngineError(code, message.strip());
    }

    int code() {
        return code;
    }

    /** The message in the form ClickHouse puts in an HTTP error body, which clients search for "N. DB::Exception:". */
    String clickHouseMessage() {
        String m = getMessage();
        if (m.startsWith("Code: ")) {
            return m;
        }
        return "Code: " + code + ". DB::Exception: " + m;
    }
}
