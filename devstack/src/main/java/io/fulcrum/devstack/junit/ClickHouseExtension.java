package io.fulcrum.devstack.junit;

import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one ClickHouse endpoint per test run: started on first use (in a fresh temporary data directory),
 * shared by every test class that uses the extension, and stopped when the run ends. Tests receive it as a
 * {@link ClickHouseServer} parameter.
 *
 * <pre>{@code
 * @ExtendWith(ClickHouseExtension.class)
 * class SinkITCase {
 *     @Test
 *     void writes(ClickHouseServer clickhouse) throws Exception {
 *         try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl())) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Tests share the server, so each should use tables (or a database) of its own.
 */
public final class ClickHouseExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ClickHouseExtension.class);
    private static final String KEY = "server";

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == ClickHouseServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /** The run's server, started on first call; the root store closes it when the run ends. */
    public static ClickHouseServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> new RunScopedServer(startServer()), RunScopedServer.class)
                .server();
    }

    private static ClickHouseServer startServer() {
        try {
            Path data = Files.createTempDirectory("fulcrum-clickhouse-");
            return ClickHouseServer.builder().dataDirectory(data).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the shared ClickHouse endpoint", e);
        }
    }

    /** Stops the server and deletes its data when the root store is closed, at the end of the run. */
    private record RunScopedServer(ClickHouseServer server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            server.stop();
            try (Stream<Path> paths = Files.walk(server.dataDirectory())) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
