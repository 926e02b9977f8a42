package io.fulcrum.devstack.registry;

import io.fulcrum.devstack.Jdks;
import io.fulcrum.devstack.Readiness;
import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schema registry server, Apicurio Registry 3.x, running as its own process on 127.0.0.1 with in-memory storage
 * and BACKWARD compatibility as the global rule. Clients talk to its Confluent-compatible API at
 * {@link #confluentApiUrl()}, the same API (subjects, versions, schema ids, compatibility) the Confluent wire format
 * and its clients use.
 *
 * <p>The distribution comes from Maven Central and is unpacked on first use (see {@link ApicurioDistribution});
 * it needs Java 21+, found by {@link Jdks#homeWithAtLeast(int)}. In-memory storage means a restart forgets every
 * schema; producers register theirs again on first use.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.builder()
 *         .port(8081)
 *         .managementPort(9001)
 *         .logFile(Path.of(".devstack/schema-registry.log"))
 *         .start()) {
 *     URI api = registry.confluentApiUrl(); // http://127.0.0.1:8081/apis/ccompat/v7
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** The path of the Confluent-compatible API on the server. */
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";
    /** The lowest Java feature version Apicurio Registry 3.x runs on. */
    public static final int REQUIRED_JAVA = 21;

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /**
     * Measured: about 280 MB resident with these; the JIT limited to C1 and the serial collector shorten start-up
     * and cost nothing noticeable at the request rates of tests and the demo.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true", "-Duser.timezone=UTC");

    private final ServerProcess process;
    private final int port;
    private final int managementPort;

    private SchemaRegistryServer(ServerProcess process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public URI confluentApiUrl() {
        return confluentApiUrl(port);
    }

    public int port() {
        return port;
    }

    /** The port of Quarkus' management interface (health at {@code /q/health}). */
    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM), killing it when it is not gone within 15 s. */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    @Override
    public void close() {
        if (isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "SchemaRegistryServer[" + confluentApiUrl() + ", pid " + pid() + "]";
    }

    static URI confluentApiUrl(int port) {
        return URI.create("http://" + HOST + ":" + port + CONFLUENT_API_PATH);
    }

    /** The command line that runs the distribution; package-private for tests. */
    static List<String> command(Path java, Path distribution, int port, int managementPort) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dquarkus.http.host=" + HOST);
        command.add("-Dquarkus.http.port=" + port);
        // The management interface listens on 9000 unless told otherwise, which collides between instances.
        command.add("-Dquarkus.management.host=" + HOST);
        command.add("-Dquarkus.management.port=" + managementPort);
        // Apicurio's global default is NONE, where Confluent's is BACKWARD; Fulcrum's schemas evolve under BACKWARD.
        command.add("-Dapicurio.rules.global.compatibility=BACKWARD");
        command.add("-jar");
        command.add(distribution.resolve(ApicurioDistribution.LAUNCHER).toString());
        return command;
    }

    /** Builder of a {@link SchemaRegistryServer}; {@link #start()} validates and launches. */
    public static final class Builder {
        private int port;
        private int managementPort;
        private Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(120);

        private Builder() {}

        /** Required. The HTTP port on 127.0.0.1 that serves the API. */
        public Builder port(int port) {
            this.port = Ports.check("port", port);
            return this;
        }

        /** Required. The port of Quarkus' management interface on 127.0.0.1. */
        public Builder managementPort(int managementPort) {
            this.managementPort = Ports.check("managementPort", managementPort);
            return this;
        }

        /** Required. Where the server's output goes; its directory is also the server's working directory. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile can't be null").toAbsolutePath();
            return this;
        }

        /** How long to wait for the API to answer; 120 s when not set (the first start also unpacks ~160 MB). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = ServerProcess.checkStartupTimeout(startupTimeout);
            return this;
        }

        /**
         * Unpacks the distribution when needed, starts the server and waits until its Confluent-compatible API
         * answers.
         *
         * @throws IllegalStateException when an option is missing or contradicts another, no Java 21+ is found, or
         *     the server does not start (with its log's last lines)
         */
        public SchemaRegistryServer start() throws IOException {
            checkComplete();
            Path distribution = ApicurioDistribution.installed();
            Path java = Jdks.javaWithAtLeast(REQUIRED_JAVA);
            ServerProcess process = ServerProcess.builder("schema-registry")
                    .command(command(java, distribution, port, managementPort))
                    .workingDirectory(logFile.getParent())
                    .logFile(logFile)
                    .readiness(Readiness.http(URI.create(confluentApiUrl(port) + "/subjects")))
                    .startupTimeout(startupTimeout)
                    .start();
            return new SchemaRegistryServer(process, port, managementPort);
        }

        private void checkComplete() {
            List<String> missing = new ArrayList<>();
            if (port == 0) {
                missing.add("port");
            }
            if (managementPort == 0) {
                missing.add("managementPort");
            }
            if (logFile == null) {
                missing.add("logFile");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("SchemaRegistryServer needs " + String.join(", ", missing)
                        + ": set them on the builder before start()");
            }
            if (port == managementPort) {
                throw new IllegalStateException("SchemaRegistryServer port and managementPort are both " + port
                        + ": give the management interface a port of its own");
            }
        }

    }
}
