package io.fulcrum.connect.clickhouse;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.KpiValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A deterministic stream of KPI values for sink tests: record {@code i} is revision {@code i / keys} of window key
 * {@code i % keys}, so each of the {@code keys} windows comes in {@code revisions} revisions and the last one wins.
 * The expected content of {@code kpi_values_latest} is computed here from the same formula, independently of
 * ClickHouse.
 */
public final class GeneratedKpiValues implements GeneratorFunction<Long, KpiValue> {

    private static final long serialVersionUID = 1L;
    private static final String[] KPIS = {"otif", "fill_rate", "lead_time_p90"};
    private static final int OBJECTS = 50;
    private static final long HOUR = 3_600_000L;
    private static final long BASE = Instant.parse("2026-10-31T20:00:00Z").toEpochMilli(); // windows cross a month

    final int keys;
    final int revisions;

    public GeneratedKpiValues(int keys, int revisions) {
        this.keys = keys;
        this.revisions = revisions;
    }

    public long count() {
        return (long) keys * revisions;
    }

    @Override
    public KpiValue map(Long index) {
        return value(index);
    }

    public KpiValue value(long index) {
        int key = (int) (index % keys);
        int revision = (int) (index / keys);
        int window = key / (KPIS.length * OBJECTS);
        long start = BASE + window * HOUR;
        boolean ratio = key % 5 != 0;
        double numerator = (key * 31 + revision * 7) % 97;
        double denominator = 97 + revision;
        return KpiValue.newBuilder()
                .setKpiId(KPIS[key % KPIS.length])
                .setObject(BusinessObjectRef.newBuilder().setType(key % 2 == 0 ? "sku" : "route")
                        .setId("OBJ-" + (key / KPIS.length) % OBJECTS).build())
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + HOUR))
                .setValue(ratio ? numerator / denominator : key * 0.25 + revision)
                .setNumerator(ratio ? numerator : null)
                .setDenominator(ratio ? denominator : null)
                .setSampleCount(10L + key % 13 + revision)
                .setRevision(revision)
                .setComputedAt(Instant.ofEpochMilli(start + HOUR + 60_000L * (revision + 1)))
                .build();
    }

    /** What kpi_values_latest must hold: the last revision of every key, as {@link #canonical} lines, sorted. */
    List<String> expectedLatest() {
        Map<String, String> latest = new TreeMap<>();
        for (long i = 0; i < count(); i++) {
            KpiValue v = value(i);
            String id = v.getKpiId() + "|" + v.getObject().getType() + "|" + v.getObject().getId() + "|"
                    + v.getWindowStart().toEpochMilli();
            // revisions rise with i, so the last one written per key is the highest
            latest.put(id, canonical(v.getKpiId(), v.getObject().getType(), v.getObject().getId(),
                    v.getWindowStart().toEpochMilli(), v.getWindowEnd().toEpochMilli(), v.getValue(), v.getNumerator(),
                    v.getDenominator(), v.getSampleCount(), v.getRevision(), v.getComputedAt().toEpochMilli()));
        }
        List<String> lines = new ArrayList<>(latest.values());
        lines.sort(null);
        return lines;
    }

    /** The rows of a kpi_values table or view, as {@link #canonical} lines, sorted. */
    static List<String> read(ClickHouseConnectionSettings settings, String tableOrView) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = settings.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT kpi_id, object_type, object_id, "
                        + "toUnixTimestamp64Milli(window_start), toUnixTimestamp64Milli(window_end), value, numerator, "
                        + "denominator, sample_count, revision, toUnixTimestamp64Milli(computed_at) FROM " + tableOrView)) {
            while (rs.next()) {
                lines.add(canonical(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getDouble(6), rs.getObject(7, Double.class), rs.getObject(8, Double.class),
                        rs.getLong(9), rs.getInt(10), rs.getLong(11)));
            }
        }
        lines.sort(null);
        return lines;
    }

    static String canonical(String kpi, String type, String id, long start, long end, double value, Double numerator,
            Double denominator, long count, int revision, long computedAt) {
        return String.join("|", kpi, type, id, Long.toString(start), Long.toString(end), Double.toString(value),
                String.valueOf(numerator), String.valueOf(denominator), Long.toString(count),
                Integer.toString(revision), Long.toString(computedAt));
    }
}
