package io.fulcrum.connect.clickhouse;

import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/** Test fixtures on a running endpoint: a fresh database per test, and small queries. */
public final class ClickHouseDatabases {

    private ClickHouseDatabases() {}

    /** Creates a database of its own for one test and returns settings pointing at it. */
    public static ClickHouseConnectionSettings fresh(ClickHouseServer server, String prefix) throws SQLException {
        String database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = ClickHouseConnectionSettings.of(server.jdbcUrl()).open();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return ClickHouseConnectionSettings.of(server.jdbcUrl(database), new Properties());
    }

    /** The rows of a query, each as the string values of its columns joined by '|'. */
    static List<String> rows(ClickHouseConnectionSettings settings, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = settings.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    public static long count(ClickHouseConnectionSettings settings, String sql) throws SQLException {
        return Long.parseLong(rows(settings, sql).get(0));
    }

    public static void execute(ClickHouseConnectionSettings settings, String sql) throws SQLException {
        try (Connection c = settings.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
