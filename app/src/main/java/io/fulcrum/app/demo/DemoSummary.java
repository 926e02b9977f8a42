package io.fulcrum.app.demo;

import io.fulcrum.pipeline.DuplicateEventFilter;
import io.fulcrum.pipeline.PipelineConfig;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The demo's closing summary, read back from ClickHouse through the reader views: the KPI movements the initiatives
 * caused, what went to the dead-letter path, and the re-sent records against the duplicates the job dropped.
 */
final class DemoSummary {

    private final PipelineConfig config;
    private final PrintStream out;

    DemoSummary(PipelineConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /**
     * The records the demo's systems published twice, and the duplicates the job dropped.
     *
     * @param bySource re-sent records per source
     * @param dropped  the job's accumulator {@value DuplicateEventFilter#DROPPED_METRIC}; empty when the job had no
     *                 deduplication ({@code job.deduplicationWindow} not set)
     */
    record Resent(Map<String, Integer> bySource, OptionalLong dropped) {
        Resent {
            bySource = Map.copyOf(bySource);
            Objects.requireNonNull(dropped, "dropped can't be null; use OptionalLong.empty()");
        }
    }

    void print(Resent resent) throws SQLException {
        Properties props = new Properties();
        props.putAll(config.clickhouse().properties());
        try (Connection c = DriverManager.getConnection(config.clickhouse().jdbcUrl(), props)) {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(), uniqExact(kpi_id), uniqExact(object_type, object_id) "
                         + "FROM kpi_values_latest")) {
                r.next();
                out.printf("  ClickHouse %s: %,d KPI values (latest revisions) of %d KPIs for %d business objects%n",
                        config.clickhouse().jdbcUrl(), r.getLong(1), r.getLong(2), r.getLong(3));
            }
            weeklyRatio(c, "OTIF per lane, by week (deliveries on time and in full / all deliveries)",
                    "otif_route", 1.0, "%8.3f");
            weeklyRatio(c, "Defect rate per supplier, by week (defective / inspected units, in ppm)",
                    "defect_rate_supplier", 1e6, "%8.0f");
            impact(c);
            alerts(c);
            resent(resent);
            out.printf("%nDead letters (table dead_letters)%n");
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT reason_code, count() FROM dead_letters FINAL "
                         + "GROUP BY reason_code ORDER BY reason_code")) {
                while (r.next()) {
                    out.printf("  %-24s %6d%n", r.getString(1), r.getLong(2));
                }
            }
        }
    }

    private void resent(Resent resent) {
        out.printf("%nRecords re-sent by the source systems (published twice, same content and key)%n");
        String bySource = new TreeMap<>(resent.bySource()).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        out.printf("  re-sent                       %6d  (%s)%n", resent.bySource().values().stream()
                .mapToInt(Integer::intValue).sum(), bySource.isEmpty() ? "no source has eventId fields" : bySource);
        if (resent.dropped().isPresent()) {
            out.printf("  dropped as duplicates         %6d  (job.deduplicationWindow %s: each event counted once)%n",
                    resent.dropped().getAsLong(), config.job().deduplicationWindow().map(DemoSummary::text)
                            .orElse("set"));
        } else {
            out.printf("  dropped as duplicates         %6s  (job.deduplicationWindow is off: each copy counted "
                    + "again)%n", "-");
        }
    }

    /** {@code 2d} for whole days, as fulcrum.yaml writes them; else ISO-8601 without "PT", e.g. {@code 36h}. */
    private static String text(Duration d) {
        return d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0
                ? d.toDays() + "d" : d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Alert lifecycle events by state, and the alerts still open at the end (view kpi_alerts_open). */
    private void alerts(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT countIf(state = 'OPENED'), countIf(state = 'UPDATED'), "
                     + "countIf(state = 'RESOLVED'), (SELECT count() FROM kpi_alerts_open) FROM kpi_alerts FINAL")) {
            r.next();
            out.printf("%nAlerts (table kpi_alerts): %d opened, %d updated, %d resolved; %d still open%n",
                    r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
        }
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT kpi_id, object_id, detector, severity, observed_value, "
                     + "window_start, arrayStringConcat(active_initiatives, ','), reason, flapping "
                     + "FROM kpi_alerts_open ORDER BY severity DESC, kpi_id, object_id LIMIT 8")) {
            while (r.next()) {
                String severity = r.getString(4).toLowerCase(java.util.Locale.ROOT)
                        + (r.getBoolean(9) ? ", flapping" : "");
                out.printf("  open: %-22s %-8s %-12s %-9s observed %.4f in window of %s%s%n", r.getString(1),
                        r.getString(2), r.getString(3), severity,
                        r.getDouble(5), r.getObject(6, java.time.OffsetDateTime.class).toLocalDate(),
                        r.getString(7).isEmpty() ? "" : "; initiatives on the object: " + r.getString(7));
                // The engine's sentence says why; empty only for alerts written before it existed.
                if (!r.getString(8).isEmpty()) {
                    out.printf("        why: %s%n", r.getString(8));
                }
            }
        }
    }

    /** The latest estimate of every initiative, KPI and method (view impact_estimates_latest). */
    private void impact(Connection c) throws SQLException {
        out.printf("%nInitiative impact (view impact_estimates_latest; effect in the KPI's units, 95%% interval)%n");
        out.printf("  %-26s %-22s %-36s %10s %23s %8s  %-22s %s%n", "initiative", "KPI", "method", "effect",
                "interval", "p-value", "verdict", "shift began");
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT initiative_id, kpi_id, method, absolute_effect, interval_lower, "
                     + "interval_upper, p_value, verdict, shift_time FROM impact_estimates_latest "
                     + "WHERE NOT withdrawn ORDER BY initiative_id, kpi_id, method")) {
            while (r.next()) {
                double p = r.getDouble(7);
                boolean noP = r.wasNull();
                java.time.OffsetDateTime shift = r.getObject(9, java.time.OffsetDateTime.class);
                out.printf("  %-26s %-22s %-36s %10.4f  [%9.4f, %9.4f] %8s  %-22s %s%n", r.getString(1),
                        r.getString(2), r.getString(3).toLowerCase(java.util.Locale.ROOT), r.getDouble(4),
                        r.getDouble(5), r.getDouble(6), noP ? "-" : String.format("%.4f", p),
                        r.getString(8).toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                        shift == null ? "-" : shift.toLocalDate());
            }
        }
    }

    /**
     * A weekly table per object: the week's ratio is the sum of its daily numerators over the sum of its daily
     * denominators, not the mean of daily ratios, which would weigh a quiet Sunday like a busy Monday.
     */
    private void weeklyRatio(Connection c, String title, String kpiId, double scale, String format)
            throws SQLException {
        Map<String, Map<LocalDate, Double>> table = new TreeMap<>();
        TreeSet<LocalDate> weeks = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT object_id, toMonday(window_start) AS week, "
                + "sum(numerator) / sum(denominator) FROM kpi_values_latest WHERE kpi_id = ? "
                + "GROUP BY object_id, week ORDER BY object_id, week")) {
            s.setString(1, kpiId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    LocalDate week = r.getObject(2, LocalDate.class);
                    weeks.add(week);
                    table.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(week, scale * r.getDouble(3));
                }
            }
        }
        out.printf("%n%s%n", title);
        StringBuilder header = new StringBuilder(String.format("  %-8s", "week of"));
        weeks.forEach(w -> header.append(String.format(" %8s", w.toString().substring(5))));
        out.println(header);
        table.forEach((object, values) -> {
            StringBuilder row = new StringBuilder(String.format("  %-8s", object));
            weeks.forEach(w -> row.append(' ').append(values.containsKey(w)
                    ? String.format(format, values.get(w)) : String.format("%8s", "-")));
            out.println(row);
        });
    }
}
