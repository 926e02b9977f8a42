package io.fulcrum.devstack.clickhouse.endpoint;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code INSERT INTO t [(cols)] FORMAT f} whose data follows separately (in the request body, or after the
 * statement in the same body), as ClickHouse's HTTP interface accepts it. The endpoint feeds such data to the
 * engine's streaming insert instead of concatenating it into one statement.
 *
 * @param target the statement without its FORMAT clause ({@code INSERT INTO t (a, b)})
 * @param format the input format of the data
 * @param statementLength how many characters of the parsed text the statement takes, separator included; the data
 *     starts there
 */
record InsertWithData(String target, String format, int statementLength) {

    // Lazy target up to the first FORMAT keyword; VALUES or SELECT before it means the data is inline SQL.
    private static final Pattern INSERT_FORMAT = Pattern.compile(
            "^\\s*(INSERT\\s+INTO\\s+(?:(?!\\bVALUES\\b|\\bSELECT\\b)[\\s\\S])+?)\\s+FORMAT\\s+(\\w+)[ \\t]*(?:\\r?\\n)?",
            Pattern.CASE_INSENSITIVE);

    /**
     * Parses the start of {@code text}; empty when it is not an INSERT with a FORMAT clause. Text decoded as
     * ISO-8859-1 keeps one character per byte, so {@link #statementLength()} is then a byte offset.
     */
    static Optional<InsertWithData> parse(String text) {
        Matcher m = INSERT_FORMAT.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new InsertWithData(m.group(1), m.group(2), m.end()));
    }
}
