package io.fulcrum.connect.clickhouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database of a connection to the latest migration at start-up: applies, in version order, each
 * migration not yet recorded in {@value #HISTORY_TABLE}, and records it. Running it again is a no-op; a migration
 * that fails stops it with the file name and the server's error, and a recorded migration whose file changed stops
 * it too.
 *
 * <p>Written here rather than with Flyway: Flyway's ClickHouse support is a community plugin that the build's
 * registry does not serve, and ClickHouse has neither the transactions nor the locks Flyway relies on. Without
 * transactions a file fails part-way; its statements are written {@code IF NOT EXISTS}, so running the fixed file
 * again completes it. Two processes migrating at once both run the idempotent statements and both record the
 * migration; the history is a ReplacingMergeTree read with FINAL, so that shows once.
 *
 * <pre>{@code
 * MigrationReport report = Migrator.of(settings, DdlLayout.singleNode(), Migrations.bundled()).migrate();
 * }</pre>
 */
public final class Migrator {

    /** Records the applied migrations, in the connection's database. */
    public static final String HISTORY_TABLE = "fulcrum_schema_migrations";

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String HISTORY_DDL = "CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + "{{ON_CLUSTER}} "
            + "(version UInt32, file_name String, checksum String, applied_at DateTime64(3, 'UTC')) "
            + "ENGINE = {{GLOBAL_ENGINE:ReplacingMergeTree(applied_at)}} ORDER BY version";

    private final ClickHouseConnectionSettings settings;
    private final DdlLayout layout;
    private final Migrations migrations;

    private Migrator(ClickHouseConnectionSettings settings, DdlLayout layout, Migrations migrations) {
        this.settings = settings;
        this.layout = layout;
        this.migrations = migrations;
    }

    public static Migrator of(ClickHouseConnectionSettings settings, DdlLayout layout, Migrations migrations) {
        return new Migrator(Objects.requireNonNull(settings, "settings can't be null"),
                Objects.requireNonNull(layout, "layout can't be null"),
                Objects.requireNonNull(migrations, "migrations can't be null"));
    }

    /**
     * Applies what is missing.
     *
     * @throws MigrationException naming the file and the server's error when a migration fails, or naming the file
     *     when an applied migration's file has changed since
     * @throws SQLException when ClickHouse cannot be reached or the history cannot be read or written
     */
    public MigrationReport migrate() throws MigrationException, SQLException {
        List<String> applied = new ArrayList<>();
        List<String> alreadyApplied = new ArrayList<>();
        try (Connection connection = settings.open(); Statement statement = connection.createStatement()) {
            statement.execute(layout.render(HISTORY_DDL, HISTORY_TABLE));
            Map<Integer, String[]> history = readHistory(statement);
            for (Migration migration : migrations.ordered()) {
                String[] recorded = history.get(migration.version());
                if (recorded != null) {
                    verifyUnchanged(migration, recorded);
                    alreadyApplied.add(migration.fileName());
                    continue;
                }
                apply(statement, migration);
                record(connection, migration);
                applied.add(migration.fileName());
                LOG.info("Applied ClickHouse migration {} ({})", migration.fileName(), layout);
            }
        }
        return new MigrationReport(applied, alreadyApplied);
    }

    private static Map<Integer, String[]> readHistory(Statement statement) throws SQLException {
        Map<Integer, String[]> history = new HashMap<>();
        try (ResultSet rs = statement.executeQuery(
                "SELECT version, file_name, checksum FROM " + HISTORY_TABLE + " FINAL ORDER BY version")) {
            while (rs.next()) {
                history.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return history;
    }

    private static void verifyUnchanged(Migration migration, String[] recorded) throws MigrationException {
        if (!recorded[1].equals(migration.checksum())) {
            throw new MigrationException(migration.fileName(), "Migration " + migration.fileName()
                    + " has changed since it was applied as " + recorded[0] + " (checksum " + recorded[1]
                    + " recorded in " + HISTORY_TABLE + ", " + migration.checksum() + " now). Applied migrations "
                    + "are never edited: restore the file and put the change in a new migration with the next "
                    + "version.", null);
        }
    }

    private void apply(Statement statement, Migration migration) throws MigrationException {
        List<String> statements;
        try {
            statements = migration.statements(layout);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(migration.fileName(), "Migration " + migration.fileName()
                    + " cannot be rendered for " + layout + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < statements.size(); i++) {
            try {
                statement.execute(statements.get(i));
            } catch (SQLException e) {
                throw new MigrationException(migration.fileName(), "Migration " + migration.fileName()
                        + " failed at statement " + (i + 1) + " of " + statements.size() + " and start-up stops. "
                        + "ClickHouse said: " + e.getMessage() + ". Fix the file (it has not been recorded as "
                        + "applied; statements before this one were applied and must be idempotent) and start "
                        + "again. Statement: " + abbreviate(statements.get(i)), e);
            }
        }
    }

    private static void record(Connection connection, Migration migration) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
                + " (version, file_name, checksum, applied_at) VALUES (?, ?, ?, now64(3))")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.fileName());
            insert.setString(3, migration.checksum());
            insert.executeUpdate();
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + " ...";
    }
}
