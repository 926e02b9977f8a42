package io.fulcrum.connect.clickhouse.internal;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import com.clickhouse.jdbc.ConnectionImpl;
import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.connect.clickhouse.ClickHouseSchemaMismatchException;
import io.fulcrum.connect.clickhouse.RowMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Inserts batches as RowBinary through the client-v2 {@link Client} behind a clickhouse-jdbc connection, so the
 * connection is configured exactly as a JDBC user configures it while rows go out in the binary format (the JDBC
 * {@code PreparedStatement} batch would send them as SQL text) and each insert carries its own
 * {@code insert_deduplication_token}.
 */
public final class ClientBatchInserter implements BatchInserter {

    private final Connection connection;
    private final Client client;

    private ClientBatchInserter(Connection connection, Client client) {
        this.connection = connection;
        this.client = client;
    }

    /** Connects; the connection is kept for the writer's life. */
    public static ClientBatchInserter connect(ClickHouseConnectionSettings settings) throws SQLException {
        Connection connection = settings.open();
        try {
            return new ClientBatchInserter(connection, connection.unwrap(ConnectionImpl.class).getClient());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The table's columns that the mapping writes, in mapping order, read from the server.
     *
     * @throws ClickHouseSchemaMismatchException when the table is missing or does not fit the mapping
     */
    public TableSchema mappedSchema(RowMapping<?> mapping) throws Exception {
        TableSchema table;
        try {
            table = client.getTableSchema(mapping.table());
        } catch (RuntimeException e) {
            if (InsertFailures.classify(e) == InsertFailures.Kind.SCHEMA_MISMATCH) {
                throw new ClickHouseSchemaMismatchException("Table " + mapping.table() + " cannot be described in "
                        + "database " + client.getDefaultDatabase() + ": " + e.getMessage() + ". Run the migrations "
                        + "(Migrator) before starting the job, or fix the database in the JDBC URL.", e);
            }
            throw e;
        }
        return project(table, mapping);
    }

    /**
     * The mapped columns of a table schema, in mapping order, as plain columns (defaults are the server's business
     * for unmapped columns only).
     *
     * @throws ClickHouseSchemaMismatchException naming every mapped column the table lacks, or every unmapped
     *     column that has no default
     */
    public static TableSchema project(TableSchema table, RowMapping<?> mapping) throws ClickHouseSchemaMismatchException {
        List<String> tableColumns = table.getColumns().stream().map(ClickHouseColumn::getColumnName)
                .collect(Collectors.toList());
        List<String> missing = mapping.columns().stream().filter(c -> !tableColumns.contains(c))
                .collect(Collectors.toList());
        List<String> unmappedWithoutDefault = table.getColumns().stream()
                .filter(c -> !mapping.columns().contains(c.getColumnName()) && !c.hasDefault())
                .map(ClickHouseColumn::getColumnName).collect(Collectors.toList());
        if (!missing.isEmpty() || !unmappedWithoutDefault.isEmpty()) {
            throw new ClickHouseSchemaMismatchException("Table " + mapping.table() + " does not fit its RowMapping: "
                    + (missing.isEmpty() ? "" : "mapped columns " + missing + " are not in the table; ")
                    + (unmappedWithoutDefault.isEmpty() ? "" : "table columns " + unmappedWithoutDefault
                            + " are neither mapped nor have a default; ")
                    + "the table has " + tableColumns + ". Run the migrations (Migrator) that match this version of "
                    + "Fulcrum, or align the mapping.", null);
        }
        List<ClickHouseColumn> projected = new ArrayList<>();
        for (String name : mapping.columns()) {
            ClickHouseColumn column = table.getColumns().get(tableColumns.indexOf(name));
            projected.add(ClickHouseColumn.of(name, column.getOriginalTypeName()));
        }
        return new TableSchema(table.getTableName(), null, table.getDatabaseName(), projected);
    }

    /**
     * Sends {@code INSERT INTO t (columns) SETTINGS insert_deduplication_token = '...' FORMAT RowBinary} with the
     * batch as body. The token rides in the statement's SETTINGS clause rather than as a URL parameter (what
     * {@code InsertSettings.setDeduplicationToken} does) so that it reaches the engine through anything that passes
     * statements on but drops query-level URL settings, as the embedded endpoint does; client-v2 writes the table
     * expression it is given into the statement verbatim. The token is hex, so it needs no escaping.
     */
    @Override
    public void insert(RowBatch batch, String deduplicationToken) throws Exception {
        String target = batch.table() + " (" + String.join(", ", batch.columnNames()) + ") SETTINGS "
                + "insert_deduplication_token = '" + deduplicationToken + "'";
        try {
            // closing the response hands its HTTP connection back to the pool
            client.insert(target, batch.body(), ClickHouseFormat.RowBinary, new InsertSettings()).get().close();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
