package io.fulcrum.devstack.clickhouse.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves ClickHouse's HTTP interface: {@code /ping}, and statements from the URL {@code query} parameter and/or the
 * POST body, answered with the headers clickhouse-jdbc relies on ({@code X-ClickHouse-Summary},
 * {@code X-ClickHouse-Timezone}, {@code X-ClickHouse-Exception-Code}) and, on {@code compress=1}, in compressed
 * blocks. The whole result is buffered before it is sent, so a failing statement always gets an error status.
 */
final class QueryHandler implements HttpHandler {

    /** How much of a body is looked at to tell {@code INSERT ... FORMAT f <data>} from a plain statement. */
    private static final int STATEMENT_PEEK = 64 * 1024;
    /** Response header of {@code /ping} carrying the {@code --instance} the endpoint was started with. */
    static final String INSTANCE_HEADER = "X-Fulcrum-Instance";
    private static final int MEMORY_LIMIT_EXCEEDED = 241;
    private static final byte[] OK = "Ok.\n".getBytes(StandardCharsets.US_ASCII);
    /** White space and comments that may come before a statement's first keyword. */
    private static final String LEAD = "^(?:\\s+|--[^\\n]*(?:\\n|$)|#[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*";
    private static final Pattern SET = Pattern.compile(LEAD + "SET\\s+(?!ROLE\\b|DEFAULT\\s+ROLE\\b)(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern USE = Pattern.compile(LEAD + "USE\\s", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * Serializes statements with bound parameters: with libchdb, parameters were seen leaking between connections
     * of one engine, so two such statements never run at once.
     */
    private final ReentrantLock parameterizedStatements = new ReentrantLock();
    private final EnginePool pool;
    private final String timezone;
    private final String displayName;
    private final String instance;
    private final RequestLog log;

    QueryHandler(EnginePool pool, String timezone, String displayName, String instance, RequestLog log) {
        this.pool = pool;
        this.timezone = timezone;
        this.displayName = displayName;
        this.instance = instance;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            HttpQuery query = HttpQuery.of(exchange.getRequestURI(), exchange.getRequestHeaders());
            boolean hasBody = "POST".equals(exchange.getRequestMethod());
            if (path.equals("/ping") || (!hasBody && query.urlQuery() == null)) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
                exchange.getResponseHeaders().set(INSTANCE_HEADER, instance);
                exchange.sendResponseHeaders(200, OK.length);
                exchange.getResponseBody().write(OK);
                return;
            }
            if (!path.equals("/")) {
                sendError(exchange, query, new EngineError(EngineError.UNKNOWN_EXCEPTION,
                        "Code: 1002. DB::Exception: no handler for " + path + " (this endpoint serves / and /ping)"));
                return;
            }
            InputStream body = hasBody ? exchange.getRequestBody() : InputStream.nullInputStream();
            if (query.decompressRequest()) {
                body = new CompressedBlockInputStream(body);
            }
            long start = System.nanoTime();
            try {
                Executed executed = execute(query, body);
                sendResult(exchange, query, executed.outcome());
                String framing = (query.decompressRequest() ? "[lz4 request] " : "")
                        + (query.compressResponse() ? "[lz4 response] " : "");
                log.served(query.queryId(), framing + executed.description(), System.nanoTime() - start,
                        executed.outcome());
            } catch (EngineError e) {
                sendError(exchange, query, e);
                log.failed(query.queryId(), e);
            } catch (CorruptBlockException e) {
                EngineError error = new EngineError(e.code(), e.getMessage());
                sendError(exchange, query, error);
                log.failed(query.queryId(), error);
            } catch (OutOfMemoryError e) {
                EngineError error = new EngineError(MEMORY_LIMIT_EXCEEDED, "Code: " + MEMORY_LIMIT_EXCEEDED
                        + ". DB::Exception: the statement or its result does not fit the endpoint's Java heap, where"
                        + " both are buffered; LIMIT the query, insert in smaller batches or raise"
                        + " ClickHouseServer.Builder.maxHeap."
                        + " (MEMORY_LIMIT_EXCEEDED)");
                sendError(exchange, query, error);
                log.failed(query.queryId(), error);
            } catch (RuntimeException e) {
                EngineError error = new EngineError(EngineError.UNKNOWN_EXCEPTION, "endpoint failure: " + e);
                sendError(exchange, query, error);
                log.crashed(query.queryId(), e);
            }
        }
    }

    /** What a request ran (for the log) and what the engine answered. */
    private record Executed(String description, QueryOutcome outcome) {}

    private Executed execute(HttpQuery query, InputStream body) throws EngineError, IOException {
        if (query.urlQuery() != null) {
            Optional<InsertWithData> insert = InsertWithData.parse(query.urlQuery());
            if (insert.isPresent()) {
                String inlineData = query.urlQuery().substring(insert.get().statementLength());
                InputStream data = new SequenceInputStream(
                        new ByteArrayInputStream(inlineData.getBytes(StandardCharsets.UTF_8)), body);
                return insert(query, insert.get(), data);
            }
            String bodyText = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return statement(query, bodyText.isEmpty() ? query.urlQuery() : query.urlQuery() + "\n" + bodyText);
        }
        BufferedInputStream buffered = new BufferedInputStream(body, STATEMENT_PEEK);
        buffered.mark(STATEMENT_PEEK);
        byte[] head = buffered.readNBytes(STATEMENT_PEEK);
        buffered.reset();
        Optional<InsertWithData> insert = InsertWithData.parse(new String(head, StandardCharsets.ISO_8859_1));
        if (insert.isPresent()) {
            buffered.skipNBytes(insert.get().statementLength());
            return insert(query, insert.get(), buffered);
        }
        return statement(query, new String(buffered.readAllBytes(), StandardCharsets.UTF_8));
    }

    private Executed insert(HttpQuery query, InsertWithData insert, InputStream data)
            throws EngineError, IOException {
        return new Executed("streamed " + insert.format() + " into " + oneLine(insert.target()),
                withConnection(query, c -> c.insert(insert.target(), insert.format(), data)));
    }

    private Executed statement(HttpQuery query, String sql) throws EngineError, IOException {
        return new Executed(oneLine(sql), runStatement(query, sql));
    }

    private static String oneLine(String sql) {
        // Only the head: a batch insert's statement can be megabytes long.
        String line = sql.substring(0, Math.min(sql.length(), 320)).strip().replaceAll("\\s+", " ");
        boolean cut = sql.length() > 320 || line.length() > 160;
        return cut ? line.substring(0, Math.min(line.length(), 160)) + "..." : line;
    }

    private QueryOutcome runStatement(HttpQuery query, String sql) throws EngineError, IOException {
        Matcher set = SET.matcher(sql);
        if (set.matches()) {
            // HTTP without a session keeps no settings: check the SET (names, values) without keeping it.
            return withConnection(query, c -> {
                QueryOutcome checked = c.query("SELECT 1 SETTINGS " + set.group(1), "Null", Map.of());
                return new QueryOutcome(new byte[0], 0, 0, 0, 0, 0, 0, checked.elapsedNanos());
            });
        }
        boolean changesDatabase = USE.matcher(sql).find();
        if (query.statementParams().isEmpty()) {
            return withConnection(query, c -> run(c, sql, query, changesDatabase));
        }
        parameterizedStatements.lock();
        try {
            return withConnection(query, c -> run(c, sql, query, changesDatabase));
        } finally {
            parameterizedStatements.unlock();
        }
    }

    private static QueryOutcome run(EngineConnection c, String sql, HttpQuery query, boolean changesDatabase)
            throws EngineError {
        try {
            return c.query(sql, query.outputFormat(), query.statementParams());
        } finally {
            if (changesDatabase) {
                c.forgetDatabase();
            }
        }
    }

    private QueryOutcome withConnection(HttpQuery query, EnginePool.Work<QueryOutcome> work)
            throws EngineError, IOException {
        try {
            return pool.withConnection(query.database(), c -> {
                c.applySettings(query.settings());
                try {
                    return work.run(c);
                } finally {
                    c.resetSettings(query.settings().keySet());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineError(EngineError.UNKNOWN_EXCEPTION, "interrupted while waiting for an engine connection");
        }
    }

    private void sendResult(HttpExchange exchange, HttpQuery query, QueryOutcome outcome) throws IOException {
        var headers = exchange.getResponseHeaders();
        commonHeaders(exchange, query);
        headers.set("X-ClickHouse-Format", query.outputFormat());
        headers.set("Content-Type", contentType(query.outputFormat()));
        headers.set("X-ClickHouse-Summary", outcome.summaryJson());
        send(exchange, 200, outcome.output(), query.compressResponse());
    }

    private void sendError(HttpExchange exchange, HttpQuery query, EngineError error) throws IOException {
        int status = ErrorStatus.of(error.code());
        commonHeaders(exchange, query);
        exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        byte[] body = (error.clickHouseMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        // Like a ClickHouse server, compress the error too when asked, except for authentication failures.
        send(exchange, status, body, query.compressResponse() && status != 401 && status != 403);
    }

    private void commonHeaders(HttpExchange exchange, HttpQuery query) {
        var headers = exchange.getResponseHeaders();
        headers.set("X-ClickHouse-Query-Id", query.queryId());
        headers.set("X-ClickHouse-Timezone", timezone);
        headers.set("X-ClickHouse-Server-Display-Name", displayName);
        headers.set("Keep-Alive", "timeout=10");
    }

    private static void send(HttpExchange exchange, int status, byte[] payload, boolean compress) throws IOException {
        byte[] body = payload;
        if (compress && payload.length > 0) {
            ByteArrayOutputStream framed = new ByteArrayOutputStream(payload.length / 2 + 64);
            try (CompressedBlockOutputStream out = new CompressedBlockOutputStream(framed)) {
                out.write(payload);
            }
            body = framed.toByteArray();
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8";
        }
        if (f.startsWith("rowbinary") || f.equals("native") || f.equals("parquet") || f.startsWith("arrow")) {
            return "application/octet-stream";
        }
        return "text/plain; charset=UTF-8";
    }
}
