package io.fulcrum.app.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's ClickHouse database, emptied at the start of each run so a second run shows its own results only.
 */
final class DemoDatabase {

    private static final Pattern URL = Pattern.compile("(jdbc:(?:clickhouse|ch):(?://)?[^/?]+)/([A-Za-z0-9_]+)(.*)");

    private DemoDatabase() {}

    /** Drops and re-creates the database named in {@code jdbcUrl}. */
    static void reset(String jdbcUrl) throws SQLException {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches() || m.group(2).equals("default")) {
            throw new IllegalArgumentException("the demo needs a database of its own in clickhouse.jdbcUrl, e.g. "
                    + "jdbc:clickhouse://127.0.0.1:8123/fulcrum_demo; got " + jdbcUrl);
        }
        try (Connection c = DriverManager.getConnection(m.group(1) + "/default" + m.group(3));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + m.group(2));
            s.execute("CREATE DATABASE " + m.group(2));
        }
    }
}
