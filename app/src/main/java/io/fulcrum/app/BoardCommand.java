package io.fulcrum.app;

import io.fulcrum.app.devstack.StackPorts;
import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.dashboards.board.BoardServer;
import io.fulcrum.dashboards.query.ReaderQueries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum board}: the built-in web board over Fulcrum's ClickHouse tables, until Ctrl+C (or, for tests, until
 * the thread running it is interrupted).
 */
@Command(name = "board", mixinStandardHelpOptions = true,
        description = "Serve the web board (KPIs, initiatives and their effects, open alerts, dead letters) read "
                + "live from ClickHouse.")
final class BoardCommand implements Callable<Integer> {

    static final String DEFAULT_JDBC_URL = "jdbc:clickhouse://127.0.0.1:" + StackPorts.DEFAULT_CLICKHOUSE + "/default";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8088", description = "HTTP port of the board (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens the board "
                    + "to the network, without any login).")
    String host;

    @Option(names = "--jdbc-url", defaultValue = DEFAULT_JDBC_URL,
            description = "ClickHouse holding Fulcrum's tables, as a clickhouse-jdbc URL (default: ${DEFAULT-VALUE}, "
                    + "the embedded stack's).")
    String jdbcUrl;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port must be between 1 and 65535, got " + port);
        }
        ClickHouseConnectionSettings settings;
        try {
            settings = ClickHouseConnectionSettings.of(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jdbc-url: " + e.getMessage());
        }
        ReaderQueries reader = ReaderQueries.of(settings);
        try {
            reader.kpis();
        } catch (SQLException e) {
            spec.commandLine().getErr().println("fulcrum board: cannot read Fulcrum's tables at " + jdbcUrl + ": "
                    + e.getMessage() + "\nStart ClickHouse (./fulcrum devstack up, or ./fulcrum demo to fill it) or "
                    + "point --jdbc-url at the database Fulcrum writes to.");
            return 1;
        }
        BoardServer board;
        try {
            board = BoardServer.start(reader, new InetSocketAddress(host, port));
        } catch (IOException e) {
            spec.commandLine().getErr().println("fulcrum board: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            board.close();
            stopped.countDown();
        }, "fulcrum-board-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().println("Fulcrum board at " + board.uri() + " reading " + jdbcUrl
                + " (Ctrl+C stops it)");
        spec.commandLine().getOut().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            board.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
