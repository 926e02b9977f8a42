package io.fulcrum.dashboards.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reader question as a SQL file under {@code io/fulcrum/dashboards/queries/}. Parameters are written in
 * ClickHouse's own syntax, {@code {name:Type}}, so the file runs unchanged in clickhouse-client with
 * {@code --param_name=...}; JDBC only binds positional {@code ?}, so this class turns each placeholder into
 * {@code ?} and remembers which name goes where.
 */
public final class NamedQuery {

    private static final String FOLDER = "/io/fulcrum/dashboards/queries/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*):[A-Za-z0-9_()]+}");

    private final String name;
    private final String sql;
    private final String jdbcSql;
    private final List<String> parameters;

    private NamedQuery(String name, String sql) {
        this.name = name;
        this.sql = sql;
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        this.jdbcSql = out.toString();
        this.parameters = List.copyOf(names);
    }

    /**
     * Loads a bundled query by file name without {@code .sql}, e.g. {@code kpi_series}.
     *
     * @throws IllegalArgumentException when no such query is bundled
     */
    public static NamedQuery bundled(String name) {
        Objects.requireNonNull(name, "name can't be null");
        try (InputStream in = NamedQuery.class.getResourceAsStream(FOLDER + name + ".sql")) {
            if (in == null) {
                throw new IllegalArgumentException("No reader query '" + name + "': expected the resource "
                        + FOLDER + name + ".sql in the fulcrum-dashboards jar");
            }
            return new NamedQuery(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read reader query " + FOLDER + name + ".sql", e);
        }
    }

    /** A query from SQL text, for queries that are not bundled (tests, ad-hoc readers). */
    public static NamedQuery of(String name, String sql) {
        return new NamedQuery(Objects.requireNonNull(name, "name can't be null"),
                Objects.requireNonNull(sql, "sql can't be null"));
    }

    public String name() {
        return name;
    }

    /** The SQL as written, with its {@code {name:Type}} placeholders. */
    public String sql() {
        return sql;
    }

    /** The parameter names in order of appearance; a name used twice appears twice. */
    public List<String> parameters() {
        return parameters;
    }

    /** The SQL with every placeholder replaced by {@code ?}, as JDBC takes it. */
    public String jdbcSql() {
        return jdbcSql;
    }

    /**
     * Prepares the statement on {@code connection} with every parameter bound from {@code values}.
     *
     * @throws IllegalArgumentException naming the query and the parameter when {@code values} lacks one
     */
    public PreparedStatement prepare(Connection connection, Map<String, ?> values) throws SQLException {
        for (String p : parameters) {
            if (!values.containsKey(p) || values.get(p) == null) {
                throw new IllegalArgumentException("Reader query '" + name + "' needs a value for parameter '" + p
                        + "', got " + values.keySet() + ": pass every parameter of " + parameters);
            }
        }
        PreparedStatement statement = connection.prepareStatement(jdbcSql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, values.get(parameters.get(i)));
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    @Override
    public String toString() {
        return "NamedQuery{" + name + ", parameters=" + parameters + "}";
    }
}
