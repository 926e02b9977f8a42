package io.fulcrum.dashboards.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.dashboards.BoardFixtures;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each reader question against the real tables holding the fixture's rows; expected rows worked out by hand. */
@ExtendWith(ClickHouseExtension.class)
class ReaderQueriesITCase {

    private static final ObjectKey DE_FR = new ObjectKey("route", "DE-FR");
    private static final ObjectKey DE_PL = new ObjectKey("route", "DE-PL");

    private static ReaderQueries reader;

    @BeforeAll
    static void load(ClickHouseServer server) throws Exception {
        reader = ReaderQueries.of(BoardFixtures.withResults(server, "reader"));
    }

    @Test
    void kpisCountObjectsAndCurrentWindows() throws Exception {
        assertThat(reader.kpis()).containsExactly(
                new KpiSummary("defect_rate_supplier", 1, 1, at("2026-03-02T00:00:00Z")),
                new KpiSummary("otif_route", 2, 4, at("2026-03-03T00:00:00Z")));
    }

    @Test
    void kpiSeriesHoldsTheHighestRevisionOfEachWindow() throws Exception {
        assertThat(reader.kpiSeries("otif_route", 50)).containsExactly(
                point(DE_FR, "2026-03-01", 0.75, 12, 1),
                point(DE_FR, "2026-03-02", 0.8, 20, 0),
                point(DE_PL, "2026-03-01", 0.9, 30, 0),
                point(DE_PL, "2026-03-02", 0.65, 44, 2));
        assertThat(reader.kpiSeries("otif_route", DE_PL)).containsExactly(
                point(DE_PL, "2026-03-01", 0.9, 30, 0),
                point(DE_PL, "2026-03-02", 0.65, 44, 2));
        assertThat(reader.kpiSeries("no_such_kpi", 50)).isEmpty();
    }

    @Test
    void kpiSeriesStopsAtTheFirstObjects() throws Exception {
        assertThat(reader.kpiSeries("otif_route", 1)).containsExactly(
                point(DE_FR, "2026-03-01", 0.75, 12, 1),
                point(DE_FR, "2026-03-02", 0.8, 20, 0));
        assertThatThrownBy(() -> reader.kpiSeries("otif_route", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxObjects must be at least 1, got 0");
    }

    @Test
    void initiativeVerdictsShowTheLatestTreatedGroupEstimatesAndInitiativesWithoutAny() throws Exception {
        Instant start1 = at("2026-03-02T00:00:00Z");
        assertThat(reader.initiativeVerdicts()).containsExactly(
                new InitiativeVerdict("INIT-1", "Switch lane DE-FR to carrier B", "ops-lead", "ACTIVE", start1,
                        Optional.of(new InitiativeVerdict.Estimate("otif_route", "DIFFERENCE_IN_DIFFERENCES", 0.15,
                                Optional.empty(), Optional.of(0.2), "NO_SIGNIFICANT_EFFECT"))),
                new InitiativeVerdict("INIT-1", "Switch lane DE-FR to carrier B", "ops-lead", "ACTIVE", start1,
                        Optional.of(new InitiativeVerdict.Estimate("otif_route", "PRE_POST", 0.1,
                                Optional.of(0.142857), Optional.of(0.031), "IMPROVED"))),
                new InitiativeVerdict("INIT-2", "Supplier <audit> & \"re-audit\"", "quality", "PLANNED",
                        at("2026-03-05T00:00:00Z"), Optional.empty()));
    }

    @Test
    void initiativeIsItsLatestVersion() throws Exception {
        assertThat(reader.initiative("INIT-1")).contains(new InitiativeDetails("INIT-1",
                "Switch lane DE-FR to carrier B", "ops-lead", "ACTIVE", List.of("otif_route"),
                at("2026-03-02T00:00:00Z"), Optional.empty(), Optional.of(Duration.ofDays(1))));
        assertThat(reader.initiative("INIT-2")).contains(new InitiativeDetails("INIT-2",
                "Supplier <audit> & \"re-audit\"", "quality", "PLANNED", List.of("defect_rate_supplier"),
                at("2026-03-05T00:00:00Z"), Optional.empty(), Optional.empty()));
        assertThat(reader.initiative("INIT-404")).isEmpty();
    }

    @Test
    void impactOfAnInitiativeListsTheGroupThenObjectsByMethodAtTheLatestRevision() throws Exception {
        assertThat(reader.impactOf("INIT-1")).containsExactly(
                new ImpactRow("otif_route", "TREATED_GROUP", Optional.empty(), "DIFFERENCE_IN_DIFFERENCES", 0.7,
                        0.8, 0.15, Optional.empty(), -0.05, 0.35, 0.95, Optional.of(0.2), 1,
                        "NO_SIGNIFICANT_EFFECT", 0),
                new ImpactRow("otif_route", "TREATED_GROUP", Optional.empty(), "PRE_POST", 0.7, 0.8, 0.1,
                        Optional.of(0.142857), 0.02, 0.18, 0.95, Optional.of(0.031), 1, "IMPROVED", 1),
                new ImpactRow("otif_route", "OBJECT", Optional.of(DE_FR), "PRE_POST", 0.7, 0.8, 0.1,
                        Optional.of(0.142857), 0.02, 0.18, 0.95, Optional.of(0.031), 1, "IMPROVED", 0));
        assertThat(reader.impactOf("INIT-2")).isEmpty();
    }

    @Test
    void initiativeStartsAreThoseTargetingTheKpi() throws Exception {
        assertThat(reader.initiativeStarts("otif_route")).containsExactly(new InitiativeStart("INIT-1",
                "Switch lane DE-FR to carrier B", at("2026-03-02T00:00:00Z"), Optional.of(Duration.ofDays(1))));
        assertThat(reader.initiativeStarts("defect_rate_supplier")).extracting(InitiativeStart::initiativeId)
                .containsExactly("INIT-2");
    }

    @Test
    void treatedVsControlAveragesEachGroupPerWindow() throws Exception {
        // treated = DE-FR (the scope's object), control = DE-PL, one object each
        assertThat(reader.treatedVsControl("INIT-1", "otif_route")).containsExactly(
                new GroupPoint("treated", at("2026-03-01T00:00:00Z"), 0.75, 1),
                new GroupPoint("treated", at("2026-03-02T00:00:00Z"), 0.8, 1),
                new GroupPoint("control", at("2026-03-01T00:00:00Z"), 0.9, 1),
                new GroupPoint("control", at("2026-03-02T00:00:00Z"), 0.65, 1));
        assertThat(reader.treatedVsControl("INIT-404", "otif_route")).isEmpty();
    }

    @Test
    void openAlertsAreTheLatestUnresolvedTransitionsCriticalFirst() throws Exception {
        assertThat(reader.openAlerts()).containsExactly(
                new OpenAlert("A-3", "OPENED", "otif_route", DE_FR, at("2026-03-02T00:00:00Z"), 0.2,
                        Optional.of(0.8), Optional.of(0.7), Optional.of(0.9), "band", "CRITICAL", List.of("INIT-1"),
                        at("2026-03-02T03:00:00Z"), at("2026-03-02T03:00:00Z"), "", false),
                new OpenAlert("A-1", "UPDATED", "otif_route", DE_FR, at("2026-03-02T00:00:00Z"), 0.52,
                        Optional.of(0.8), Optional.of(0.7), Optional.of(0.9), "band", "WARNING", List.of("INIT-1"),
                        at("2026-03-02T01:00:00Z"), at("2026-03-02T05:00:00Z"), BoardFixtures.A1_REASON, true));
    }

    @Test
    void deadLettersAreCountedOncePerRecordAndReason() throws Exception {
        assertThat(reader.deadLettersByReason()).containsExactly(
                new DeadLetterCount("TRUNCATED", "fulcrum.events", 3, at("2026-03-01T10:00:00Z"),
                        at("2026-03-01T12:00:00Z"), "record of 4 bytes, needs at least 5"),
                new DeadLetterCount("CORRUPT_PAYLOAD", "fulcrum.events", 1, at("2026-03-01T10:30:00Z"),
                        at("2026-03-01T10:30:00Z"), "<binary> & garbage"));
    }

    @Test
    void timesDoNotDependOnTheJvmTimeZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            assertThat(reader.kpis()).extracting(KpiSummary::latestWindowEnd)
                    .containsExactly(at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void emptyDatabaseAnswersEveryQuestionWithNoRows(ClickHouseServer server) throws Exception {
        ReaderQueries empty = ReaderQueries.of(BoardFixtures.freshDatabase(server, "reader_empty"));
        assertThat(empty.kpis()).isEmpty();
        assertThat(empty.initiativeVerdicts()).isEmpty();
        assertThat(empty.openAlerts()).isEmpty();
        assertThat(empty.deadLettersByReason()).isEmpty();
    }

    @Test
    void missingTablesFailNamingTheQueryAndTheUrl(ClickHouseServer server) {
        ClickHouseConnectionSettings noTables = ClickHouseConnectionSettings.of(server.jdbcUrl("system"));
        assertThatThrownBy(() -> ReaderQueries.of(noTables).openAlerts())
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("Reader query 'open_alerts' with {} failed on " + server.jdbcUrl("system")
                        + ": ")
                .hasMessageContaining("kpi_alerts_open");
    }

    private static KpiPoint point(ObjectKey object, String day, double value, long samples, int revision) {
        Instant start = at(day + "T00:00:00Z");
        return new KpiPoint(object, start, start.plus(Duration.ofDays(1)), value, samples, revision);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
