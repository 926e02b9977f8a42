package io.fulcrum.devstack.clickhouse;

import io.fulcrum.devstack.Jdks;
import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A ClickHouse HTTP endpoint of the embedded stack: the ClickHouse 26.7 engine of libchdb behind ClickHouse's HTTP
 * interface, as its own process on a JDK 22+ (found by {@link Jdks#homeWithAtLeast(int)}), with its data in a
 * directory that survives restarts and {@code kill -9}. clickhouse-jdbc 0.10.0 works against {@link #jdbcUrl()}
 * with its default settings.
 *
 * <pre>{@code
 * ClickHouseServer clickhouse = ClickHouseServer.builder()
 *         .dataDirectory(Path.of("target/clickhouse"))
 *         .start();                                   // port 0: a free loopback port
 * try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl())) { ... }
 * clickhouse.stop();
 * }</pre>
 *
 * <p>The process outlives the JVM that started it; {@link #attach} finds it again by pid.
 */
public final class ClickHouseServer implements AutoCloseable {

    /** The JDK feature version the endpoint needs (the FFM API is final in 22). */
    public static final int REQUIRED_JDK = 22;

    private static final int STOP_GRACE_SECONDS = 10;
    private static final Duration STOP_GRACE = Duration.ofSeconds(STOP_GRACE_SECONDS);

    private final ServerProcess process;
    private final String host;
    private final int port;
    private final Path dataDirectory;

    private ClickHouseServer(ServerProcess process, String host, int port, Path dataDirectory) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A handle on an endpoint started earlier, possibly by another JVM ({@code fulcrum devstack down}). */
    public static ClickHouseServer attach(long pid, String host, int port, Path dataDirectory, Path logFile) {
        return new ClickHouseServer(ServerProcess.attach("clickhouse", pid, logFile), host, port, dataDirectory);
    }

    /** Base URL of the HTTP interface, e.g. {@code http://127.0.0.1:8123/}. */
    public String httpUrl() {
        return "http://" + host + ":" + port + "/";
    }

    /** JDBC URL for clickhouse-jdbc 0.10.0, database {@code default}. */
    public String jdbcUrl() {
        return jdbcUrl("default");
    }

    /** JDBC URL for clickhouse-jdbc 0.10.0 with {@code database} as the connection's database. */
    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the endpoint (SIGTERM, then SIGKILL after {@value #STOP_GRACE_SECONDS} s). */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    /** Kills the endpoint at once (SIGKILL), as a crash would; its data directory stays usable. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "ClickHouse endpoint " + httpUrl() + " [pid " + pid() + ", data " + dataDirectory + "]";
    }

    /** Builder of a {@link ClickHouseServer}; {@link #start()} validates, launches and waits until it answers. */
    public static final class Builder {
        private Path dataDirectory;
        private String host = "127.0.0.1";
        private int port;
        private Path logFile;
        private int connections = 4;
        private String maxHeap = "512m";
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /** Where the engine keeps its data; required. One endpoint per directory at a time. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Objects.requireNonNull(dir, "dataDirectory can't be null").toAbsolutePath();
            return this;
        }

        /** Interface to bind; {@code 127.0.0.1} unless set. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host can't be null");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank; use 127.0.0.1 for loopback only");
            }
            this.host = host;
            return this;
        }

        /** TCP port of the HTTP interface; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535 (0 = a free port), got " + port);
            }
            this.port = port;
            return this;
        }

        /** The endpoint's log; {@code <dataDirectory>/clickhouse.log} unless set. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile can't be null").toAbsolutePath();
            return this;
        }

        /** Engine connections, i.e. how many statements run at once; 4 unless set. */
        public Builder connections(int connections) {
            if (connections < 1 || connections > 64) {
                throw new IllegalArgumentException("connections must be in 1..64, got " + connections);
            }
            this.connections = connections;
            return this;
        }

        /**
         * Java heap of the endpoint ({@code -Xmx}, e.g. {@code 512m}); results are buffered there before they are
         * sent, so it bounds the largest result. The engine's own memory is outside it.
         */
        public Builder maxHeap(String maxHeap) {
            if (maxHeap == null || !maxHeap.matches("\\d+[kmgKMG]")) {
                throw new IllegalArgumentException("maxHeap must look like 512m or 2g, got " + maxHeap);
            }
            this.maxHeap = maxHeap;
            return this;
        }

        /** How long to wait for the endpoint to answer {@code /ping}; 60 s unless set. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = ServerProcess.checkStartupTimeout(timeout);
            return this;
        }

        /**
         * Fetches libchdb when this machine has not yet, launches the endpoint and waits until it answers.
         *
         * @throws IllegalStateException when no JDK 22+ is found (the message says what to install), when the
         *     data directory is missing from the builder, or when the endpoint exits or does not answer in time
         *     (the message carries the tail of its log)
         */
        public ClickHouseServer start() throws IOException {
            if (dataDirectory == null) {
                throw new IllegalStateException("ClickHouseServer: dataDirectory is required, e.g. "
                        + "builder().dataDirectory(Path.of(\"target/clickhouse\"))");
            }
            Path java = Jdks.javaWithAtLeast(REQUIRED_JDK);
            Path library = ChdbLibrary.ensure();
            String classPath = EndpointJar.classPath().stream().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
            int actualPort = port == 0 ? Ports.freePort() : port;
            if (!Ports.isFree(actualPort)) {
                throw new IllegalStateException("cannot start the ClickHouse endpoint on " + host + ":" + actualPort
                        + ": something already listens there; stop it or use port(0) for a free port");
            }
            String instance = UUID.randomUUID().toString();
            Path log = logFile != null ? logFile : dataDirectory.resolve("clickhouse.log");
            String url = "http://" + host + ":" + actualPort + "/";
            List<String> command = List.of(
                    java.toString(),
                    "-Xmx" + maxHeap,
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp", classPath,
                    EndpointJar.MAIN_CLASS,
                    "--library=" + library,
                    "--data=" + dataDirectory,
                    "--host=" + host,
                    "--port=" + actualPort,
                    "--connections=" + connections,
                    "--instance=" + instance);
            ServerProcess process = ServerProcess.builder("clickhouse")
                    .command(command)
                    .workingDirectory(dataDirectory)
                    .logFile(log)
                    .readiness(new InstanceReadiness(URI.create(url + "ping"), instance))
                    .startupTimeout(startupTimeout)
                    .start();
            return new ClickHouseServer(process, host, actualPort, dataDirectory);
        }
    }
}
