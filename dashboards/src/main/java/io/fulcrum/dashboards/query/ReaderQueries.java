package io.fulcrum.dashboards.query;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The questions analysts and the board ask of Fulcrum's ClickHouse tables, each a bundled {@link NamedQuery},
 * answered as immutable rows. Reads the reader views, so every answer holds the latest revision only. Opens one
 * connection per question rather than sharing one: clickhouse-jdbc connections are not meant for concurrent use,
 * the board serves a few page views at a time, and opening one is an in-process client set-up plus an HTTP call.
 *
 * <pre>{@code
 * ReaderQueries reader = ReaderQueries.of(ClickHouseConnectionSettings.of("jdbc:clickhouse://127.0.0.1:8123/default"));
 * List<KpiPoint> otif = reader.kpiSeries("otif_route", 50);
 * }</pre>
 */
public final class ReaderQueries {

    private static final NamedQuery KPIS = NamedQuery.bundled("kpis");
    private static final NamedQuery KPI_SERIES = NamedQuery.bundled("kpi_series");
    private static final NamedQuery KPI_SERIES_OF_OBJECT = NamedQuery.bundled("kpi_series_of_object");
    private static final NamedQuery INITIATIVE_VERDICTS = NamedQuery.bundled("initiative_verdicts");
    private static final NamedQuery INITIATIVE = NamedQuery.bundled("initiative");
    private static final NamedQuery IMPACT_OF_INITIATIVE = NamedQuery.bundled("impact_of_initiative");
    private static final NamedQuery INITIATIVE_STARTS = NamedQuery.bundled("initiative_starts");
    private static final NamedQuery TREATED_VS_CONTROL = NamedQuery.bundled("treated_vs_control");
    private static final NamedQuery OPEN_ALERTS = NamedQuery.bundled("open_alerts");
    private static final NamedQuery DEAD_LETTERS_BY_REASON = NamedQuery.bundled("dead_letters_by_reason");

    private final ClickHouseConnectionSettings settings;

    private ReaderQueries(ClickHouseConnectionSettings settings) {
        this.settings = settings;
    }

    public static ReaderQueries of(ClickHouseConnectionSettings settings) {
        return new ReaderQueries(Objects.requireNonNull(settings, "settings can't be null"));
    }

    /** Where the answers come from. */
    public ClickHouseConnectionSettings settings() {
        return settings;
    }

    /** The KPIs that have values, by id. */
    public List<KpiSummary> kpis() throws SQLException {
        return run(KPIS, Map.of(), rs -> new KpiSummary(rs.getString("kpi_id"), rs.getLong("objects"),
                rs.getLong("windows"), instant(rs, "latest_window_end")));
    }

    /**
     * The series of a KPI's first {@code maxObjects} objects (by type, then id), by object then window; empty for
     * a KPI without values.
     *
     * @throws IllegalArgumentException when maxObjects is not positive
     */
    public List<KpiPoint> kpiSeries(String kpiId, int maxObjects) throws SQLException {
        if (maxObjects < 1) {
            throw new IllegalArgumentException("maxObjects must be at least 1, got " + maxObjects);
        }
        return run(KPI_SERIES, Map.of("kpi_id", kpiId, "max_objects", maxObjects), ReaderQueries::kpiPoint);
    }

    /** One object's series of a KPI, by window. */
    public List<KpiPoint> kpiSeries(String kpiId, ObjectKey object) throws SQLException {
        return run(KPI_SERIES_OF_OBJECT, Map.of("kpi_id", kpiId, "object_type", object.type(),
                "object_id", object.id()), ReaderQueries::kpiPoint);
    }

    /** Each initiative with its treated-group estimates, one row per KPI and method, by start time. */
    public List<InitiativeVerdict> initiativeVerdicts() throws SQLException {
        return run(INITIATIVE_VERDICTS, Map.of(), rs -> {
            String kpiId = rs.getString("kpi_id");
            Optional<InitiativeVerdict.Estimate> estimate = kpiId == null ? Optional.empty()
                    : Optional.of(new InitiativeVerdict.Estimate(kpiId, rs.getString("method"),
                            rs.getDouble("absolute_effect"), optionalDouble(rs, "relative_effect"),
                            optionalDouble(rs, "p_value"), rs.getString("verdict")));
            return new InitiativeVerdict(rs.getString("initiative_id"), rs.getString("title"),
                    rs.getString("owner"), rs.getString("status"), instant(rs, "start_time"), estimate);
        });
    }

    /** The latest version of an initiative, or empty when there is none with that id. */
    public Optional<InitiativeDetails> initiative(String initiativeId) throws SQLException {
        List<InitiativeDetails> found = run(INITIATIVE, Map.of("initiative_id", initiativeId),
                rs -> new InitiativeDetails(rs.getString("initiative_id"), rs.getString("title"),
                        rs.getString("owner"), rs.getString("status"), strings(rs, "target_kpi_ids"),
                        instant(rs, "start_time"), optionalInstant(rs, "end_time"),
                        optionalDuration(rs, "ramp_up_millis")));
        return found.stream().findFirst();
    }

    /** Every latest estimate of an initiative: per KPI the treated group first, then each object; by method. */
    public List<ImpactRow> impactOf(String initiativeId) throws SQLException {
        return run(IMPACT_OF_INITIATIVE, Map.of("initiative_id", initiativeId), rs -> {
            String type = rs.getString("object_type");
            Optional<ObjectKey> object = type.isEmpty() ? Optional.empty()
                    : Optional.of(new ObjectKey(type, rs.getString("object_id")));
            return new ImpactRow(rs.getString("kpi_id"), rs.getString("scope"), object, rs.getString("method"),
                    rs.getDouble("pre_mean"), rs.getDouble("post_mean"), rs.getDouble("absolute_effect"),
                    optionalDouble(rs, "relative_effect"), rs.getDouble("interval_lower"),
                    rs.getDouble("interval_upper"), rs.getDouble("interval_level"), optionalDouble(rs, "p_value"),
                    rs.getLong("control_count"), rs.getString("verdict"), rs.getInt("revision"));
        });
    }

    /** The initiatives that target a KPI, by start time. */
    public List<InitiativeStart> initiativeStarts(String kpiId) throws SQLException {
        return run(INITIATIVE_STARTS, Map.of("kpi_id", kpiId), rs -> new InitiativeStart(
                rs.getString("initiative_id"), rs.getString("title"), instant(rs, "start_time"),
                optionalDuration(rs, "ramp_up_millis")));
    }

    /**
     * The mean KPI value per window of an initiative's explicitly named treated objects and of its control
     * objects: treated first, then control, each by window.
     */
    public List<GroupPoint> treatedVsControl(String initiativeId, String kpiId) throws SQLException {
        return run(TREATED_VS_CONTROL, Map.of("initiative_id", initiativeId, "kpi_id", kpiId),
                rs -> new GroupPoint(rs.getString("object_group"), instant(rs, "window_start"),
                        rs.getDouble("mean_value"), rs.getLong("objects")));
    }

    /** Open alerts, critical first, then by opening time. */
    public List<OpenAlert> openAlerts() throws SQLException {
        return run(OPEN_ALERTS, Map.of(), rs -> new OpenAlert(rs.getString("alert_id"), rs.getString("state"),
                rs.getString("kpi_id"), new ObjectKey(rs.getString("object_type"), rs.getString("object_id")),
                instant(rs, "window_start"), rs.getDouble("observed_value"), optionalDouble(rs, "expected_value"),
                optionalDouble(rs, "expected_lower"), optionalDouble(rs, "expected_upper"),
                rs.getString("detector"), rs.getString("severity"), strings(rs, "active_initiatives"),
                instant(rs, "opened_at"), instant(rs, "updated_at"), rs.getString("reason"),
                rs.getBoolean("flapping")));
    }

    /** Rejected records per reason and topic, most frequent first. */
    public List<DeadLetterCount> deadLettersByReason() throws SQLException {
        return run(DEAD_LETTERS_BY_REASON, Map.of(), rs -> new DeadLetterCount(rs.getString("reason_code"),
                rs.getString("source_topic"), rs.getLong("records"), instant(rs, "first_failed_at"),
                instant(rs, "last_failed_at"), rs.getString("latest_message")));
    }

    private <T> List<T> run(NamedQuery query, Map<String, ?> parameters, RowReader<T> reader) throws SQLException {
        try (Connection connection = settings.open();
                PreparedStatement statement = query.prepare(connection, parameters);
                ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
            return List.copyOf(rows);
        } catch (SQLException e) {
            throw new SQLException("Reader query '" + query.name() + "' with " + parameters + " failed on "
                    + settings.jdbcUrl() + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private static KpiPoint kpiPoint(ResultSet rs) throws SQLException {
        return new KpiPoint(new ObjectKey(rs.getString("object_type"), rs.getString("object_id")),
                instant(rs, "window_start"), instant(rs, "window_end"), rs.getDouble("value"),
                rs.getLong("sample_count"), rs.getInt("revision"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return optionalInstant(rs, column).orElseThrow(() -> new SQLException("column " + column
                + " is NULL where a time is required"));
    }

    /** Read as a zoned time, not a Timestamp, so the JVM's default time zone never shifts the instant. */
    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        ZonedDateTime t = rs.getObject(column, ZonedDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private static Optional<Double> optionalDouble(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? Optional.empty() : Optional.of(((Number) value).doubleValue());
    }

    private static Optional<Duration> optionalDuration(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? Optional.empty() : Optional.of(Duration.ofMillis(((Number) value).longValue()));
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object values = array.getArray();
        if (values instanceof Object[] objects) {
            return Arrays.stream(objects).map(String::valueOf).toList();
        }
        if (values instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new SQLException("column " + column + " is not an array of strings: " + values.getClass());
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
