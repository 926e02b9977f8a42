package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ClickHouseExtension.class)
class MigratorITCase {

    private static final List<String> BUNDLED = List.of("V001__kpi_values.sql", "V002__impact_estimates.sql",
            "V003__kpi_alerts.sql", "V004__initiatives.sql", "V005__dead_letters.sql", "V006__reader_views.sql",
            "V007__kpi_alert_reason.sql");

    @Test
    void freshDatabaseGetsEveryTableAndViewThenReRunIsANoOp(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, "migrate");
        Migrator migrator = Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled());

        MigrationReport first = migrator.migrate();

        assertThat(first.applied()).containsExactlyElementsOf(BUNDLED);
        assertThat(first.alreadyApplied()).isEmpty();
        assertThat(ClickHouseDatabases.rows(db, "SELECT name, engine FROM system.tables "
                + "WHERE database = currentDatabase() ORDER BY name")).containsExactly(
                "dead_letters|ReplacingMergeTree",
                "fulcrum_schema_migrations|ReplacingMergeTree",
                "impact_estimates|ReplacingMergeTree",
                "impact_estimates_latest|View",
                "initiatives|ReplacingMergeTree",
                "initiatives_latest|View",
                "kpi_alerts|ReplacingMergeTree",
                "kpi_alerts_open|View",
                "kpi_values|ReplacingMergeTree",
                "kpi_values_latest|View");
        assertThat(ClickHouseDatabases.rows(db, "SELECT version, file_name FROM fulcrum_schema_migrations "
                + "ORDER BY version")).containsExactly("1|V001__kpi_values.sql", "2|V002__impact_estimates.sql",
                "3|V003__kpi_alerts.sql", "4|V004__initiatives.sql", "5|V005__dead_letters.sql",
                "6|V006__reader_views.sql", "7|V007__kpi_alert_reason.sql");

        MigrationReport second = migrator.migrate();

        assertThat(second.applied()).isEmpty();
        assertThat(second.alreadyApplied()).containsExactlyElementsOf(BUNDLED);
        assertThat(ClickHouseDatabases.count(db, "SELECT count() FROM fulcrum_schema_migrations")).isEqualTo(7);
    }

    @Test
    void alertsWrittenBeforeTheReasonColumnsReadTheirDefaultsAfterTheUpgrade(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, "migrate_upgrade");
        List<Migration> bundled = Migrations.bundled().ordered();
        Migrator.of(db, DdlLayout.singleNode(), Migrations.of(bundled.subList(0, 6))).migrate();
        ClickHouseDatabases.execute(db, "INSERT INTO kpi_alerts (alert_id, state, kpi_id, object_type, object_id, "
                + "window_start, window_end, observed_value, detector, severity, opened_at, updated_at) VALUES ('A-OLD', "
                + "'OPENED', 'otif', 'route', 'DE-FR', '2026-01-05 02:00:00', '2026-01-05 03:00:00', 0.85, 'threshold', "
                + "'WARNING', '2026-01-05 03:00:00', '2026-01-05 03:00:00')");

        MigrationReport upgrade = Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled()).migrate();

        assertThat(upgrade.applied()).containsExactly("V007__kpi_alert_reason.sql");
        assertThat(ClickHouseDatabases.rows(db, "SELECT alert_id, concat('[', reason, ']'), flapping "
                + "FROM kpi_alerts_open")).containsExactly("A-OLD|[]|false");
        ClickHouseDatabases.execute(db, "INSERT INTO kpi_alerts (alert_id, state, kpi_id, object_type, object_id, "
                + "window_start, window_end, observed_value, detector, severity, opened_at, updated_at, reason, flapping) "
                + "VALUES ('A-OLD', 'UPDATED', 'otif', 'route', 'DE-FR', '2026-01-05 03:00:00', '2026-01-05 04:00:00', "
                + "0.8, 'threshold', 'WARNING', '2026-01-05 03:00:00', '2026-01-05 04:00:00', 'held open', true)");
        assertThat(ClickHouseDatabases.rows(db, "SELECT alert_id, state, reason, flapping FROM kpi_alerts_open"))
                .containsExactly("A-OLD|UPDATED|held open|true");
    }

    @Test
    void failingMigrationStopsWithFileNameAndServerErrorAndIsNotRecorded(ClickHouseServer server, @TempDir Path dir)
            throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, "migrate_fail");
        Files.writeString(dir.resolve("V1__good.sql"), "CREATE TABLE IF NOT EXISTS a (x UInt8) ENGINE = MergeTree ORDER BY x;");
        Files.writeString(dir.resolve("V2__bad.sql"), "CREATE TABLE IF NOT EXISTS b (x UInt8) ENGINE = MergeTree ORDER BY x;\n"
                + "CREATE TABLE IF NOT EXISTS c (x NoSuchType) ENGINE = MergeTree ORDER BY x;");
        Files.writeString(dir.resolve("V3__later.sql"), "CREATE TABLE IF NOT EXISTS d (x UInt8) ENGINE = MergeTree ORDER BY x;");

        assertThatThrownBy(() -> Migrator.of(db, DdlLayout.singleNode(), Migrations.fromDirectory(dir)).migrate())
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("Migration V2__bad.sql failed at statement 2 of 2 and start-up stops. "
                        + "ClickHouse said: ")
                .hasMessageContaining("Code: 50") // UNKNOWN_TYPE
                .hasMessageContaining("NoSuchType")
                .satisfies(e -> assertThat(((MigrationException) e).fileName()).isEqualTo("V2__bad.sql"));
        assertThat(ClickHouseDatabases.rows(db, "SELECT file_name FROM fulcrum_schema_migrations ORDER BY version"))
                .containsExactly("V1__good.sql");
        assertThat(ClickHouseDatabases.rows(db, "SELECT name FROM system.tables WHERE database = currentDatabase() "
                + "AND name IN ('a', 'b', 'c', 'd') ORDER BY name")).containsExactly("a", "b");

        // the fixed file completes: its first statement runs again harmlessly, V3 follows
        Files.writeString(dir.resolve("V2__bad.sql"), "CREATE TABLE IF NOT EXISTS b (x UInt8) ENGINE = MergeTree ORDER BY x;\n"
                + "CREATE TABLE IF NOT EXISTS c (x UInt16) ENGINE = MergeTree ORDER BY x;");
        MigrationReport fixed = Migrator.of(db, DdlLayout.singleNode(), Migrations.fromDirectory(dir)).migrate();
        assertThat(fixed.applied()).containsExactly("V2__bad.sql", "V3__later.sql");
        assertThat(fixed.alreadyApplied()).containsExactly("V1__good.sql");
    }

    @Test
    void editedAppliedMigrationIsRefused(ClickHouseServer server, @TempDir Path dir) throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, "migrate_edit");
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = MergeTree ORDER BY x;");
        Migrator.of(db, DdlLayout.singleNode(), Migrations.fromDirectory(dir)).migrate();
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE IF NOT EXISTS t (x UInt64) ENGINE = MergeTree ORDER BY x;");

        assertThatThrownBy(() -> Migrator.of(db, DdlLayout.singleNode(), Migrations.fromDirectory(dir)).migrate())
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("Migration V1__t.sql has changed since it was applied as V1__t.sql")
                .hasMessageContaining("restore the file and put the change in a new migration");
    }
}
