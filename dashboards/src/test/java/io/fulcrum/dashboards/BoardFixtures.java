package io.fulcrum.dashboards;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.connect.clickhouse.DdlLayout;
import io.fulcrum.connect.clickhouse.Migrations;
import io.fulcrum.connect.clickhouse.Migrator;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database with Fulcrum's tables (created by the real migrations) holding a small, hand-written set of
 * results. Several windows, estimates, initiatives and alerts are written more than once with a higher revision or
 * a later version, so every reader must show only the latest; the expected values in the tests are worked out by
 * hand from the rows below.
 */
public final class BoardFixtures {

    /** Columns named: record_id (for records rejected after decoding) keeps its default, '' . */
    private static final String DEAD_LETTERS_INSERT = "INSERT INTO dead_letters (source_topic, source_partition, "
            + "source_offset, source_timestamp, key, value, header_keys, header_values, reason_code, reason_message, "
            + "failed_at) VALUES ";

    private BoardFixtures() {}

    /** A new database with Fulcrum's tables and no rows. */
    public static ClickHouseConnectionSettings freshDatabase(ClickHouseServer server, String prefix)
            throws Exception {
        ClickHouseConnectionSettings settings = emptyDatabase(server, prefix);
        Migrator.of(settings, DdlLayout.singleNode(), Migrations.bundled()).migrate();
        return settings;
    }

    /** A new database without any table. */
    public static ClickHouseConnectionSettings emptyDatabase(ClickHouseServer server, String prefix)
            throws SQLException {
        String database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(ClickHouseConnectionSettings.of(server.jdbcUrl()), "CREATE DATABASE " + database);
        return ClickHouseConnectionSettings.of(server.jdbcUrl(database));
    }

    /** A fresh database with the rows below. */
    public static ClickHouseConnectionSettings withResults(ClickHouseServer server, String prefix) throws Exception {
        ClickHouseConnectionSettings settings = freshDatabase(server, prefix);
        // OTIF per lane, daily. DE-FR 03-01 is corrected from 0.5 to 0.75; DE-PL 03-02 goes 0.6 -> 0.7 -> 0.65,
        // with the revisions inserted out of order.
        execute(settings, "INSERT INTO kpi_values VALUES "
                + kpi("otif_route", "route", "DE-FR", "2026-03-01", 0.5, 10, 0)
                + ", " + kpi("otif_route", "route", "DE-FR", "2026-03-02", 0.8, 20, 0)
                + ", " + kpi("otif_route", "route", "DE-PL", "2026-03-01", 0.9, 30, 0)
                + ", " + kpi("otif_route", "route", "DE-PL", "2026-03-02", 0.6, 40, 0)
                + ", " + kpi("otif_route", "route", "DE-PL", "2026-03-02", 0.65, 44, 2)
                + ", " + kpi("defect_rate_supplier", "supplier", "S-17", "2026-03-01", 1200.0, 5000, 0));
        execute(settings, "INSERT INTO kpi_values VALUES "
                + kpi("otif_route", "route", "DE-FR", "2026-03-01", 0.75, 12, 1)
                + ", " + kpi("otif_route", "route", "DE-PL", "2026-03-02", 0.7, 42, 1));
        // INIT-1's title changed after creation; INIT-2's title needs escaping.
        execute(settings, "INSERT INTO initiatives VALUES "
                + initiative("INIT-1", "Carrier B on DE-FR (draft)", "2026-02-20 08:00:00")
                + ", " + initiative("INIT-1", "Switch lane DE-FR to carrier B", "2026-02-21 08:00:00")
                + ", ('INIT-2', 'Supplier <audit> & \"re-audit\"', 'quality', 'PLANNED', ['defect_rate_supplier'], "
                + "'[]', '{\"objects\": [{\"type\": \"supplier\", \"id\": \"S-17\"}], \"selectors\": []}', "
                + "'2026-03-05 00:00:00', NULL, NULL, '[]', '2026-02-22 08:00:00')");
        // INIT-1's PRE_POST estimate is revised (0.05 -> 0.1); the newer revision is inserted first.
        execute(settings, "INSERT INTO impact_estimates VALUES "
                + estimate("TREATED_GROUP", "", "", "PRE_POST", 0.7, 0.8, 0.1, 0.142857, 0.02, 0.18, 0.031,
                        "IMPROVED", 1)
                + ", " + estimate("TREATED_GROUP", "", "", "DIFFERENCE_IN_DIFFERENCES", 0.7, 0.8, 0.15, null,
                        -0.05, 0.35, 0.2, "NO_SIGNIFICANT_EFFECT", 0)
                + ", " + estimate("OBJECT", "route", "DE-FR", "PRE_POST", 0.7, 0.8, 0.1, 0.142857, 0.02, 0.18,
                        0.031, "IMPROVED", 0));
        execute(settings, "INSERT INTO impact_estimates VALUES "
                + estimate("TREATED_GROUP", "", "", "PRE_POST", 0.75, 0.8, 0.05, 0.0666, -0.01, 0.11, 0.12,
                        "NO_SIGNIFICANT_EFFECT", 0));
        // A-1 opened then updated (open, as UPDATED, flapping); A-2 opened then resolved (closed); A-3 critical,
        // written before alerts had a reason (empty).
        execute(settings, "INSERT INTO kpi_alerts VALUES "
                + alert("A-1", "OPENED", "WARNING", 0.55, "2026-03-02 01:00:00", "2026-03-02 01:00:00", "NULL",
                        "opened", false)
                + ", " + alert("A-1", "UPDATED", "WARNING", 0.52, "2026-03-02 01:00:00", "2026-03-02 05:00:00",
                        "NULL", A1_REASON, true)
                + ", " + alert("A-2", "OPENED", "CRITICAL", 0.10, "2026-03-01 01:00:00", "2026-03-01 01:00:00",
                        "NULL", "opened", false)
                + ", " + alert("A-2", "RESOLVED", "CRITICAL", 0.10, "2026-03-01 01:00:00", "2026-03-01 09:00:00",
                        "'2026-03-01 09:00:00'", "resolved", false)
                + ", " + alert("A-3", "OPENED", "CRITICAL", 0.20, "2026-03-02 03:00:00", "2026-03-02 03:00:00",
                        "NULL", "", false));
        // Three TRUNCATED records (offset 7 rejected twice after a replay: one row), one CORRUPT_PAYLOAD.
        execute(settings, DEAD_LETTERS_INSERT
                + deadLetter(5, "TRUNCATED", "record of 3 bytes, needs at least 5", "2026-03-01 10:00:00")
                + ", " + deadLetter(7, "TRUNCATED", "record of 2 bytes, needs at least 5", "2026-03-01 11:00:00")
                + ", " + deadLetter(9, "TRUNCATED", "record of 4 bytes, needs at least 5", "2026-03-01 12:00:00")
                + ", " + deadLetter(8, "CORRUPT_PAYLOAD", "<binary> & garbage", "2026-03-01 10:30:00"));
        execute(settings, DEAD_LETTERS_INSERT
                + deadLetter(7, "TRUNCATED", "record of 2 bytes, needs at least 5", "2026-03-01 11:00:00"));
        return settings;
    }

    public static void execute(ClickHouseConnectionSettings settings, String sql) throws SQLException {
        try (Connection c = settings.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String kpi(String kpi, String type, String id, String day, double value, long samples,
            int revision) {
        return "('" + kpi + "', '" + type + "', '" + id + "', '" + day + " 00:00:00', toDateTime64('" + day
                + " 00:00:00', 3, 'UTC') + INTERVAL 1 DAY, " + value + ", NULL, NULL, " + samples + ", "
                + revision + ", '2026-03-10 00:00:00')";
    }

    private static String initiative(String id, String title, String updatedAt) {
        return "('" + id + "', '" + title + "', 'ops-lead', 'ACTIVE', ['otif_route'], "
                + "'[{\"kpiId\": \"otif_route\", \"direction\": \"INCREASE\", \"targetValue\": null}]', "
                + "'{\"objects\": [{\"type\": \"route\", \"id\": \"DE-FR\"}], \"selectors\": []}', "
                + "'2026-03-02 00:00:00', NULL, 86400000, '[{\"type\": \"route\", \"id\": \"DE-PL\"}]', '"
                + updatedAt + "')";
    }

    private static String estimate(String scope, String type, String id, String method, double pre, double post,
            double effect, Double relative, double lower, double upper, double p, String verdict, int revision) {
        return "('INIT-1', 'otif_route', '" + scope + "', '" + type + "', '" + id + "', '" + method + "', " + pre
                + ", " + post + ", " + effect + ", " + (relative == null ? "NULL" : relative) + ", " + lower + ", "
                + upper + ", 0.95, " + p + ", " + effect + ", 1, 10, 20, NULL, '" + verdict + "', false, " + revision
                + ", '2026-03-10 00:00:00')";
    }

    /** The reason of A-1's latest (open, flapping) transition. */
    public static final String A1_REASON = "OTIF (route DE-FR) was 0.52 on 2026-03-02 (UTC), below the expected 0.8 "
            + "(median of 21 past windows) by 4.2 robust standard deviations, beyond the warning limit of 3.5 (robust "
            + "detector); flapping (opened or resolved 4 times in the last 10 windows): held open, notifications held "
            + "until it settles";

    private static String alert(String id, String state, String severity, double observed, String openedAt,
            String updatedAt, String resolvedAt, String reason, boolean flapping) {
        return "('" + id + "', '" + state + "', 'otif_route', 'route', 'DE-FR', '2026-03-02 00:00:00', "
                + "'2026-03-03 00:00:00', " + observed + ", 0.8, 0.7, 0.9, 'band', '" + severity + "', ['INIT-1'], '"
                + openedAt + "', '" + updatedAt + "', " + resolvedAt + ", '" + reason + "', " + flapping + ")";
    }

    private static String deadLetter(long offset, String reason, String message, String failedAt) {
        return "('fulcrum.events', 0, " + offset + ", NULL, NULL, 'abc', [], [], '" + reason + "', '" + message
                + "', '" + failedAt + "')";
    }
}
