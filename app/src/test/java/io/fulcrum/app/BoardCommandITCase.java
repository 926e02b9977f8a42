package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.connect.clickhouse.DdlLayout;
import io.fulcrum.connect.clickhouse.Migrations;
import io.fulcrum.connect.clickhouse.Migrator;
import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code fulcrum board} against the embedded ClickHouse: serves until interrupted; refuses a ClickHouse it cannot read. */
@ExtendWith(ClickHouseExtension.class)
class BoardCommandITCase {

    @Test
    void servesTheOverviewOnTheGivenPortUntilInterrupted(ClickHouseServer server) throws Exception {
        String database = "board_cli";
        try (Connection c = ClickHouseConnectionSettings.of(server.jdbcUrl()).open();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + database);
        }
        ClickHouseConnectionSettings settings = ClickHouseConnectionSettings.of(server.jdbcUrl(database));
        Migrator.of(settings, DdlLayout.singleNode(), Migrations.bundled()).migrate();
        int port = Ports.freePort();
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread cli = new Thread(() -> {
            CommandLine commandLine = new CommandLine(new Fulcrum());
            commandLine.setOut(new PrintWriter(out, true));
            exit.set(commandLine.execute("board", "--port", Integer.toString(port), "--jdbc-url",
                    settings.jdbcUrl()));
        });
        cli.start();
        try {
            HttpResponse<String> page = getWhenUp(URI.create("http://127.0.0.1:" + port + "/"));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<p class=\"note\">No KPI values yet.</p>",
                    "<p class=\"note\">No open alerts.</p>");
            assertThat(out.toString()).isEqualTo("Fulcrum board at http://127.0.0.1:" + port + "/ reading "
                    + settings.jdbcUrl() + " (Ctrl+C stops it)" + System.lineSeparator());
        } finally {
            cli.interrupt();
            cli.join(10_000);
        }
        assertThat(cli.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
    }

    @Test
    void clickHouseWithoutFulcrumTablesFailsAtStartUpNamingUrlAndFix(ClickHouseServer server) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Fulcrum());
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("board", "--port", Integer.toString(Ports.freePort()), "--jdbc-url",
                server.jdbcUrl("system"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("fulcrum board: cannot read Fulcrum's tables at "
                + server.jdbcUrl("system") + ": Reader query 'kpis' with {} failed on ")
                .contains("kpi_values_latest", "Start ClickHouse (./fulcrum devstack up, or ./fulcrum demo to fill "
                        + "it) or point --jdbc-url at the database Fulcrum writes to.");
    }

    private static HttpResponse<String> getWhenUp(URI uri) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
