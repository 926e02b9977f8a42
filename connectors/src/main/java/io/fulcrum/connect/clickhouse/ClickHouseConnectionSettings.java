package io.fulcrum.connect.clickhouse;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and how to reach ClickHouse, as a ClickHouse user writes it for clickhouse-jdbc 0.10: a JDBC URL such as
 * {@code jdbc:clickhouse://ch1:8123/fulcrum?compress=false} plus driver properties ({@code user}, {@code password},
 * {@code ssl}, any client-v2 option or {@code clickhouse_setting_*} server setting). The database of the URL is the
 * one Fulcrum's tables live in.
 *
 * <p>Immutable and serializable, so a Flink sink can carry it to its writers; the properties are copied in and out.
 */
public final class ClickHouseConnectionSettings implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String[] URL_PREFIXES = {"jdbc:clickhouse:", "jdbc:ch:"};

    private final String jdbcUrl;
    private final Properties properties;

    private ClickHouseConnectionSettings(String jdbcUrl, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
    }

    /**
     * @throws IllegalArgumentException when the URL is not a clickhouse-jdbc URL
     */
    public static ClickHouseConnectionSettings of(String jdbcUrl, Properties properties) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl can't be null");
        Objects.requireNonNull(properties, "properties can't be null");
        boolean known = false;
        for (String prefix : URL_PREFIXES) {
            known |= jdbcUrl.startsWith(prefix);
        }
        if (!known) {
            throw new IllegalArgumentException("ClickHouse JDBC URL '" + jdbcUrl + "' is not a clickhouse-jdbc URL: "
                    + "write it as jdbc:clickhouse://HOST:PORT/DATABASE (HTTP port, 8123 by default)");
        }
        Properties copy = new Properties();
        copy.putAll(properties);
        return new ClickHouseConnectionSettings(jdbcUrl, copy);
    }

    /** Settings with no driver properties beyond what the URL says. */
    public static ClickHouseConnectionSettings of(String jdbcUrl) {
        return of(jdbcUrl, new Properties());
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A copy of the driver properties. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * Opens a connection with the clickhouse-jdbc driver itself rather than through {@code DriverManager}, which
     * does not see drivers loaded by Flink's user-code class loader.
     */
    public Connection open() throws SQLException {
        Connection connection = new com.clickhouse.jdbc.Driver().connect(jdbcUrl, properties());
        if (connection == null) {
            throw new SQLException("clickhouse-jdbc did not accept the URL '" + jdbcUrl + "'");
        }
        return connection;
    }

    @Override
    public String toString() {
        return "ClickHouseConnectionSettings{url=" + jdbcUrl + ", properties=" + properties.stringPropertyNames()
                + " (values not shown)}";
    }
}
