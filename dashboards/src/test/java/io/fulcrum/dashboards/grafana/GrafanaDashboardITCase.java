package io.fulcrum.dashboards.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.dashboards.BoardFixtures;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every query of the Grafana dashboard, with Grafana's macros and variables expanded, runs against the real tables
 * holding the fixture's rows and returns exactly the rows worked out by hand.
 */
@ExtendWith(ClickHouseExtension.class)
class GrafanaDashboardITCase {

    private static final Path DASHBOARD = Path.of("grafana", "fulcrum-overview.json");

    @Test
    void everyQueryRunsAndReturnsTheExpectedRows(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings settings = BoardFixtures.withResults(server, "grafana");
        GrafanaMacros macros = new GrafanaMacros(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-04T00:00:00Z"), Duration.ofHours(1), Map.of(
                        "kpi", List.of("otif_route"), "object", List.of("DE-FR", "DE-PL"),
                        "initiative", List.of("INIT-1")));

        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (GrafanaQuery query : GrafanaQuery.of(DASHBOARD)) {
            actual.put(query.source(), rows(settings, macros.expand(query.sql())));
        }

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("variable kpi", List.of("defect_rate_supplier", "otif_route"));
        expected.put("variable object", List.of("DE-FR", "DE-PL"));
        expected.put("variable initiative", List.of("INIT-1", "INIT-2"));
        expected.put("annotation Initiative starts", List.of(
                "2026-03-02 00:00:00|INIT-1: Switch lane DE-FR to carrier B|initiative"));
        expected.put("panel KPIs A", List.of(
                "defect_rate_supplier|1|1|2026-03-02 00:00:00",
                "otif_route|2|4|2026-03-03 00:00:00"));
        expected.put("panel Open alerts A", List.of(
                "CRITICAL|A-3|otif_route|route DE-FR|2026-03-02 00:00:00|0.2|0.8|OPENED||2026-03-02 03:00:00|INIT-1|",
                "WARNING|A-1|otif_route|route DE-FR|2026-03-02 00:00:00|0.52|0.8|UPDATED|flapping|2026-03-02 01:00:00|"
                        + "INIT-1|" + BoardFixtures.A1_REASON));
        expected.put("panel ${kpi} per object A", List.of(
                "2026-03-01 00:00:00|route DE-FR|0.75",
                "2026-03-01 00:00:00|route DE-PL|0.9",
                "2026-03-02 00:00:00|route DE-FR|0.8",
                "2026-03-02 00:00:00|route DE-PL|0.65"));
        expected.put("panel Initiatives: latest verdicts A", List.of(
                "INIT-1|Switch lane DE-FR to carrier B|ops-lead|ACTIVE|2026-03-02 00:00:00|otif_route|"
                        + "DIFFERENCE_IN_DIFFERENCES|0.15|null|0.2|NO_SIGNIFICANT_EFFECT",
                "INIT-1|Switch lane DE-FR to carrier B|ops-lead|ACTIVE|2026-03-02 00:00:00|otif_route|PRE_POST|0.1|"
                        + "0.142857|0.031|IMPROVED",
                "INIT-2|Supplier <audit> & \"re-audit\"|quality|PLANNED|2026-03-05 00:00:00|null|null|null|null|null|"
                        + "null"));
        expected.put("panel Impact of ${initiative} by method A", List.of(
                "otif_route|treated group|DIFFERENCE_IN_DIFFERENCES|0.7|0.8|0.15|null|-0.05|0.35|0.95|0.2|"
                        + "NO_SIGNIFICANT_EFFECT|0",
                "otif_route|treated group|PRE_POST|0.7|0.8|0.1|0.142857|0.02|0.18|0.95|0.031|IMPROVED|1",
                "otif_route|route DE-FR|PRE_POST|0.7|0.8|0.1|0.142857|0.02|0.18|0.95|0.031|IMPROVED|0"));
        expected.put("panel ${initiative}: treated vs control on ${kpi} A", List.of(
                "2026-03-01 00:00:00|treated|0.75",
                "2026-03-01 00:00:00|control|0.9",
                "2026-03-02 00:00:00|treated|0.8",
                "2026-03-02 00:00:00|control|0.65"));
        expected.put("panel Dead letters by reason A", List.of(
                "TRUNCATED|fulcrum.events|3|2026-03-01 10:00:00|2026-03-01 12:00:00|record of 4 bytes, needs at least 5",
                "CORRUPT_PAYLOAD|fulcrum.events|1|2026-03-01 10:30:00|2026-03-01 10:30:00|<binary> & garbage"));
        // hourly buckets: TRUNCATED at 10:00, 11:00 (offset 7 once, though written twice) and 12:00
        expected.put("panel Dead letters over time A", List.of(
                "2026-03-01 10:00:00|CORRUPT_PAYLOAD|1",
                "2026-03-01 10:00:00|TRUNCATED|1",
                "2026-03-01 11:00:00|TRUNCATED|1",
                "2026-03-01 12:00:00|TRUNCATED|1"));
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void everyPanelUsesTheDashboardsClickHouseDataSourceVariable() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> datasources = new ArrayList<>();
        root.path("panels").forEach(p -> {
            datasources.add(p.path("datasource").toString());
            p.path("targets").forEach(t -> datasources.add(t.path("datasource").toString()));
        });
        assertThat(datasources).hasSize(16).containsOnly(
                "{\"type\":\"grafana-clickhouse-datasource\",\"uid\":\"${datasource}\"}");
        assertThat(root.path("uid").asText()).isEqualTo("fulcrum-overview");
    }

    private static List<String> rows(ClickHouseConnectionSettings settings, String sql) throws Exception {
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
}
