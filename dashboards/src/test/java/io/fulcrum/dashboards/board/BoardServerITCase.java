package io.fulcrum.dashboards.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.dashboards.BoardFixtures;
import io.fulcrum.dashboards.query.ReaderQueries;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The board over the fixture's rows (several written with later revisions): each page is fetched over HTTP and
 * what it shows is compared with values worked out by hand from the fixture.
 */
@ExtendWith(ClickHouseExtension.class)
class BoardServerITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BoardServer board;
    private static BoardServer boardWithoutTables;

    @BeforeAll
    static void start(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings settings = BoardFixtures.withResults(server, "board");
        board = BoardServer.start(ReaderQueries.of(settings), new InetSocketAddress("127.0.0.1", 0));
        boardWithoutTables = BoardServer.start(ReaderQueries.of(BoardFixtures.emptyDatabase(server, "board_none")),
                new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (board != null) {
            board.close();
        }
        if (boardWithoutTables != null) {
            boardWithoutTables.close();
        }
    }

    @Test
    void overviewShowsKpisInitiativeVerdictsOpenAlertsAndDeadLetters() throws Exception {
        HttpResponse<String> page = get(board, "/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:");
        String html = page.body();
        assertThat(HtmlTables.rows(html, "kpis")).containsExactly(
                "defect_rate_supplier | 1 | 1 | 2026-03-02 00:00",
                "otif_route | 2 | 4 | 2026-03-03 00:00");
        assertThat(HtmlTables.rows(html, "initiatives")).containsExactly(
                "INIT-1 | Switch lane DE-FR to carrier B | ops-lead | ACTIVE | 2026-03-02 00:00 | otif_route | "
                        + "DIFFERENCE_IN_DIFFERENCES | +0.15 | \u2013 | 0.2 | NO_SIGNIFICANT_EFFECT",
                "INIT-1 | Switch lane DE-FR to carrier B | ops-lead | ACTIVE | 2026-03-02 00:00 | otif_route | "
                        + "PRE_POST | +0.1 | +14.3% | 0.031 | IMPROVED",
                "INIT-2 | Supplier <audit> & \"re-audit\" | quality | PLANNED | 2026-03-05 00:00 | \u2013 | \u2013 | "
                        + "\u2013 | \u2013 | \u2013 | no estimate yet");
        assertThat(HtmlTables.rows(html, "alerts")).containsExactly(
                "CRITICAL | A-3 | otif_route | route DE-FR | 2026-03-02 00:00 | 0.2 | 0.8 | 0.7 .. 0.9 | OPENED | "
                        + "\u2013 | 2026-03-02 03:00 | 2026-03-02 03:00 | INIT-1 | \u2013",
                "WARNING | A-1 | otif_route | route DE-FR | 2026-03-02 00:00 | 0.52 | 0.8 | 0.7 .. 0.9 | UPDATED | "
                        + "flapping | 2026-03-02 01:00 | 2026-03-02 05:00 | INIT-1 | " + BoardFixtures.A1_REASON);
        assertThat(HtmlTables.rows(html, "dead-letters")).containsExactly(
                "TRUNCATED | fulcrum.events | 3 | 2026-03-01 10:00 | 2026-03-01 12:00 | "
                        + "record of 4 bytes, needs at least 5",
                "CORRUPT_PAYLOAD | fulcrum.events | 1 | 2026-03-01 10:30 | 2026-03-01 10:30 | <binary> & garbage");
        // text from the database is escaped, links carry URL-encoded ids, nothing is loaded from elsewhere
        assertThat(html).contains("Supplier &lt;audit&gt; &amp; &quot;re-audit&quot;", "&lt;binary&gt; &amp; garbage",
                "<a href=\"/initiative?id=INIT-2\">INIT-2</a>", "<a href=\"/kpi?id=otif_route\">otif_route</a>");
        assertThat(html).doesNotContain("<audit>", "<binary>", "<script", "src=", "https://");
    }

    @Test
    void kpiPageShowsTheLatestRevisionPerWindowAndMarksInitiativeStarts() throws Exception {
        HttpResponse<String> page = get(board, "/kpi?id=otif_route");

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(HtmlTables.rows(html, "initiatives")).containsExactly(
                "INIT-1 | Switch lane DE-FR to carrier B | 2026-03-02 00:00 | 1d");
        assertThat(html).contains("<h3>route DE-FR</h3>", "<h3>route DE-PL</h3>");
        assertThat(HtmlTables.rows(html, "series-1")).containsExactly(
                "2026-03-01 00:00 | 2026-03-02 00:00 | 0.75 | 12 | 1",
                "2026-03-02 00:00 | 2026-03-03 00:00 | 0.8 | 20 | 0");
        assertThat(HtmlTables.rows(html, "series-2")).containsExactly(
                "2026-03-01 00:00 | 2026-03-02 00:00 | 0.9 | 30 | 0",
                "2026-03-02 00:00 | 2026-03-03 00:00 | 0.65 | 44 | 2");
        // Plot area x 60..620, y 20 (max) .. 190 (min); two windows a day apart span it. DE-FR rises from
        // 0.75 (its corrected value, not 0.5) to 0.8; DE-PL falls from 0.9 to 0.65 (revision 2, not 0.7).
        assertThat(html).contains("points=\"60.0,190.0 620.0,20.0\"", "points=\"60.0,20.0 620.0,190.0\"");
        // INIT-1 starts on the second window: a marker at the right edge of both charts
        assertThat(html.split("<line x1=\"620.0\" y1=\"20\" x2=\"620.0\" y2=\"190\"", -1)).hasSize(3);
    }

    @Test
    void initiativePageShowsEachMethodsEffectIntervalPValueVerdictAndTreatedVsControl() throws Exception {
        HttpResponse<String> page = get(board, "/initiative?id=INIT-1");

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(HtmlTables.rows(html, "details")).containsExactly("Title | Switch lane DE-FR to carrier B",
                "Owner | ops-lead", "Status | ACTIVE", "Start | 2026-03-02 00:00", "Ramp-up | 1d", "End | \u2013",
                "Target KPIs | otif_route");
        assertThat(HtmlTables.rows(html, "estimates")).containsExactly(
                "otif_route | treated group | DIFFERENCE_IN_DIFFERENCES | 0.7 | 0.8 | +0.15 | \u2013 | "
                        + "[-0.05, 0.35] (95%) | 0.2 | 1 | NO_SIGNIFICANT_EFFECT | 0",
                "otif_route | treated group | PRE_POST | 0.7 | 0.8 | +0.1 | +14.3% | [0.02, 0.18] (95%) | 0.031 | 1 "
                        + "| IMPROVED | 1",
                "otif_route | route DE-FR | PRE_POST | 0.7 | 0.8 | +0.1 | +14.3% | [0.02, 0.18] (95%) | 0.031 | 1 | "
                        + "IMPROVED | 0");
        assertThat(HtmlTables.rows(html, "groups-1")).containsExactly(
                "treated | 2026-03-01 00:00 | 0.75 | 1",
                "treated | 2026-03-02 00:00 | 0.8 | 1",
                "control | 2026-03-01 00:00 | 0.9 | 1",
                "control | 2026-03-02 00:00 | 0.65 | 1");
        // forest plot: effects span -0.05..0.35 over x 360..740, so zero sits at 360 + 0.05/0.4 * 380 = 407.5
        assertThat(html).contains("<line x1=\"407.5\"");
    }

    @Test
    void initiativeWithoutEstimatesSaysSoAndEscapesItsTitle() throws Exception {
        HttpResponse<String> page = get(board, "/initiative?id=INIT-2");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(HtmlTables.rows(page.body(), "details")).startsWith("Title | Supplier <audit> & \"re-audit\"");
        assertThat(page.body()).contains("<p class=\"note\">No estimates yet.</p>")
                .doesNotContain("<table id=\"estimates\">", "<audit>");
        assertThat(HtmlTables.rows(page.body(), "groups-1")).containsExactly("treated | 2026-03-01 00:00 | 1200 | 1");
    }

    @Test
    void unknownIdsMissingIdsUnknownPathsAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> unknownKpi = get(board, "/kpi?id=%3Cnope%3E");
        assertThat(unknownKpi.statusCode()).isEqualTo(404);
        assertThat(unknownKpi.body()).contains("No KPI '&lt;nope&gt;' in jdbc:clickhouse://");
        assertThat(get(board, "/initiative?id=INIT-404").statusCode()).isEqualTo(404);
        HttpResponse<String> missing = get(board, "/initiative");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("This page needs the initiative id as ?id=...");
        assertThat(get(board, "/admin").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(board.uri().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void databaseWithoutFulcrumTablesAnswersServiceUnavailableNamingUrlAndFix() throws Exception {
        HttpResponse<String> page = get(boardWithoutTables, "/");

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("Reader query &#39;kpis&#39; with {} failed on jdbc:clickhouse://",
                "kpi_values_latest", "that Fulcrum's migrations have created its tables");
    }

    @Test
    void boundToLoopbackAsAsked() {
        assertThat(board.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(board.uri().getPort()).isPositive();
    }

    private static HttpResponse<String> get(BoardServer server, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + pathAndQuery.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
