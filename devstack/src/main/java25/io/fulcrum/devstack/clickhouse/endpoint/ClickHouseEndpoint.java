package io.fulcrum.devstack.clickhouse.endpoint;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The ClickHouse HTTP endpoint process: boots the ClickHouse engine of libchdb on a data directory and serves
 * ClickHouse's HTTP interface for it. Started by {@code io.fulcrum.devstack.clickhouse.ClickHouseServer}, which
 * passes:
 *
 * <pre>
 * --library=/path/libchdb.so --data=/path/dir --host=127.0.0.1 --port=8123 [--connections=4] [--instance=id]
 * </pre>
 *
 * <p>One process owns a data directory (the engine allows no second one): a lock file in it makes a second
 * endpoint fail at once with a message instead of corrupting it.
 */
public final class ClickHouseEndpoint {

    private static final Set<String> OPTIONS = Set.of("library", "data", "host", "port", "connections", "instance");

    private ClickHouseEndpoint() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path library = Paths.get(required(options, "library"));
        Path data = Paths.get(required(options, "data")).toAbsolutePath();
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(required(options, "port"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        // Echoed on /ping, so that the launcher knows it is this process that answers on the port.
        String instance = options.getOrDefault("instance", "");
        RequestLog log = new RequestLog(System.out);

        Files.createDirectories(data);
        FileChannel lockChannel = FileChannel.open(data.resolve("endpoint.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            fail("another ClickHouse endpoint is using the data directory " + data
                    + "; stop it (fulcrum devstack down) or give this one another directory");
        }
        lockChannel.truncate(0).write(StandardCharsets.US_ASCII.encode(ProcessHandle.current().pid() + "\n"));

        long start = System.nanoTime();
        Chdb chdb = Chdb.load(library);
        chdb.disableSignalHandlers();
        EnginePool pool = EnginePool.open(chdb, List.of("clickhouse", "--path=" + data.resolve("engine")), connections);
        String[] identity = identity(pool);

        HttpServer server = bind(host, port);
        ExecutorService workers = Executors.newFixedThreadPool(connections * 4);
        server.setExecutor(workers);
        server.createContext("/", new QueryHandler(pool, identity[1], "fulcrum-chdb", instance, log));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            workers.shutdown();
            try {
                // Closing an engine connection under a running statement would crash the process; wait a little.
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.close();
        }, "endpoint-shutdown"));
        log.info("ClickHouse endpoint (engine " + identity[0] + ", timezone " + identity[1] + ") listening on http://"
                + host + ":" + server.getAddress().getPort() + "/ with data in " + data + ", started in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static HttpServer bind(String host, int port) throws IOException {
        try {
            return HttpServer.create(new InetSocketAddress(host, port), 128);
        } catch (BindException e) {
            fail("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); free the port or start the"
                    + " endpoint on another one (port 0 in ClickHouseServer.builder() picks a free one)");
            throw e;
        }
    }

    private static String[] identity(EnginePool pool) throws Exception {
        String row = new String(pool.withConnection("default",
                c -> c.query("SELECT version(), timezone()", "TabSeparated", Map.of())).output(),
                StandardCharsets.UTF_8).strip();
        return row.split("\t", 2);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name == null || !OPTIONS.contains(name)) {
                fail("unknown argument '" + arg + "'; expected --name=value with name one of " + OPTIONS);
            }
            options.put(name, arg.substring(eq + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            fail("missing --" + name + "=...");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("clickhouse endpoint: " + message);
        System.exit(2);
    }
}
