package io.fulcrum.dashboards.board;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fulcrum.dashboards.query.ReaderQueries;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in web board on the JDK's HTTP server: server-rendered HTML with inline SVG, no script and nothing
 * loaded from elsewhere (the pages say so in their Content-Security-Policy), read live from ClickHouse on each
 * request. Pages: {@code /} (overview), {@code /kpi?id=KPI}, {@code /initiative?id=INITIATIVE}.
 *
 * <pre>{@code
 * try (BoardServer board = BoardServer.start(reader, new InetSocketAddress("127.0.0.1", 8088))) {
 *     System.out.println("Board at " + board.uri());
 *     ...
 * }
 * }</pre>
 */
public final class BoardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoardServer.class);
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "img-src 'self' data:";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ReaderQueries reader;

    private BoardServer(HttpServer server, ExecutorService executor, ReaderQueries reader) {
        this.server = server;
        this.executor = executor;
        this.reader = reader;
    }

    /**
     * Binds {@code address} and starts serving; port 0 picks a free port (see {@link #uri()}).
     *
     * @throws IOException naming the address when it cannot be bound (port in use, unknown host)
     */
    public static BoardServer start(ReaderQueries reader, InetSocketAddress address) throws IOException {
        Objects.requireNonNull(reader, "reader can't be null");
        Objects.requireNonNull(address, "address can't be null");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("The board cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + " (" + e.getMessage() + "): choose another port with --port, or stop what uses it", e);
        }
        // Two threads: a page is a handful of small queries, and the machines this runs on are small.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fulcrum-board");
            t.setDaemon(true);
            return t;
        });
        BoardServer board = new BoardServer(server, executor, reader);
        server.createContext("/", board::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Board listening on {}, reading {}", board.uri(), reader.settings().jdbcUrl());
        return board;
    }

    /** The board's address, e.g. {@code http://127.0.0.1:8088/}. */
    public URI uri() {
        InetSocketAddress bound = server.getAddress();
        return URI.create("http://" + bound.getHostString() + ":" + bound.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, Html.page("Method not allowed", "<p>The board only answers GET.</p>"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
            try {
                switch (path) {
                    case "/" -> send(exchange, 200, OverviewPage.render(reader));
                    case "/kpi" -> page(exchange, query, "KPI", id -> KpiPage.render(reader, id));
                    case "/initiative" -> page(exchange, query, "initiative",
                            id -> InitiativePage.render(reader, id));
                    default -> send(exchange, 404, Html.page("Not found", "<p>No page " + Html.escape(path)
                            + " here. <a href=\"/\">Go to the overview</a>.</p>"));
                }
            } catch (SQLException e) {
                LOG.warn("Board page {} failed: {}", exchange.getRequestURI(), e.getMessage());
                send(exchange, 503, Html.page("ClickHouse did not answer", "<p>The board reads "
                        + Html.escape(reader.settings().jdbcUrl()) + " and that failed:</p><pre>"
                        + Html.escape(e.getMessage()) + "</pre><p>Check that ClickHouse runs there and that "
                        + "Fulcrum's migrations have created its tables, then reload.</p>"));
            } catch (RuntimeException e) {
                // a page that fails to render answers 500 rather than a dropped connection
                LOG.error("Board page {} failed", exchange.getRequestURI(), e);
                send(exchange, 500, Html.page("The board failed", "<p>Rendering this page failed:</p><pre>"
                        + Html.escape(String.valueOf(e)) + "</pre><p>The board's log has the details.</p>"));
            }
        }
    }

    private void page(HttpExchange exchange, Map<String, String> query, String what, PageRenderer renderer)
            throws IOException, SQLException {
        String id = query.get("id");
        if (id == null || id.isBlank()) {
            send(exchange, 400, Html.page("Missing id", "<p>This page needs the " + Html.escape(what)
                    + " id as ?id=..., e.g. from a link on the <a href=\"/\">overview</a>.</p>"));
            return;
        }
        Optional<String> html = renderer.render(id);
        if (html.isPresent()) {
            send(exchange, 200, html.get());
        } else {
            send(exchange, 404, Html.page("Not found", "<p>No " + Html.escape(what) + " '" + Html.escape(id)
                    + "' in " + Html.escape(reader.settings().jdbcUrl()) + ".</p>"));
        }
    }

    private static void send(HttpExchange exchange, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(key, value);
        }
        return parameters;
    }

    @FunctionalInterface
    private interface PageRenderer {
        Optional<String> render(String id) throws SQLException;
    }
}
