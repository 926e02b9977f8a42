package io.fulcrum.devstack.kafka;

import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka 4.2 broker in KRaft mode running as its own process (broker and controller in one, node id 1, loopback
 * only), for the demo and the CLI. It runs on the jars of the JVM that starts it and keeps its data under a data
 * directory: the first start formats that directory, later starts reuse it and keep every topic and record. The
 * process outlives the JVM that started it; {@code fulcrum devstack down} stops it by {@link #pid()}.
 *
 * <p>Tests use the in-JVM {@link EmbeddedKafka} instead, which starts faster and needs no ports chosen up front.
 *
 * <pre>{@code
 * try (KafkaServer kafka = KafkaServer.builder()
 *         .dataDirectory(Path.of(".devstack/kafka"))
 *         .port(9092)
 *         .controllerPort(9093)
 *         .start()) {
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:9092"
 * }
 * }</pre>
 *
 * <p>Layout of the data directory: {@code server.properties} (rewritten at every start), {@code log4j2.xml},
 * {@code kraft-logs/} (Kafka's {@code log.dirs}: metadata and topic data) and, unless another log file is given,
 * {@code server.log}.
 */
public final class KafkaServer implements AutoCloseable {

    /** How long a graceful stop may take before the broker is killed; a controlled shutdown takes a few seconds. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String LOG4J_CONFIG = "log4j2.xml";
    private static final String LOG_DIRS = "kraft-logs";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
    /** Kafka's scripts default to 1 GiB; a single-node demo broker is comfortable with half of that. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Djava.awt.headless=true", "-Duser.timezone=UTC");

    private final ServerProcess process;
    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private final String clusterId;

    private KafkaServer(ServerProcess process, Path dataDirectory, int port, int controllerPort, String clusterId) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The cluster id written when the data directory was formatted; the same across restarts. */
    public String clusterId() {
        return clusterId;
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

    /** Shuts the broker down gracefully, killing it after {@link #STOP_GRACE}. */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    /** Kills the broker at once, as a crash would. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        if (isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "KafkaServer[" + bootstrapServers() + ", pid " + pid() + ", data " + dataDirectory + "]";
    }

    /** Builder of a {@link KafkaServer}; {@link #start()} validates, formats on first use and launches. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private int controllerPort;
        private Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** Required. Created when missing; formatted when it holds no Kafka metadata yet. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory can't be null")
                    .toAbsolutePath().normalize();
            return this;
        }

        /** Required. The client (PLAINTEXT) port on 127.0.0.1; may change between restarts. */
        public Builder port(int port) {
            this.port = Ports.check("port", port);
            return this;
        }

        /**
         * Required. The KRaft controller port on 127.0.0.1. Formatting records it in the metadata log, so restarts
         * of the same data directory must use the same one.
         */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = Ports.check("controllerPort", controllerPort);
            return this;
        }

        /** Where the broker's output goes; {@code server.log} in the data directory when not set. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile can't be null").toAbsolutePath();
            return this;
        }

        /** How long to wait for the broker to serve requests; 90 s when not set. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = ServerProcess.checkStartupTimeout(startupTimeout);
            return this;
        }

        /**
         * Formats the data directory when it is new, starts the broker and waits until it serves requests.
         *
         * @throws IllegalStateException when a required option is missing, the controller port differs from the
         *     one the data directory was formatted with, or the broker does not start (with its log's last lines)
         */
        public KafkaServer start() throws IOException {
            checkComplete();
            Files.createDirectories(dataDirectory);
            Path log = logFile != null ? logFile : dataDirectory.resolve("server.log");
            Path logDirs = dataDirectory.resolve(LOG_DIRS);
            Path serverProperties = dataDirectory.resolve(SERVER_PROPERTIES);
            boolean formatted = Files.isRegularFile(logDirs.resolve("meta.properties"));
            if (formatted) {
                checkSameController(serverProperties);
            }
            Files.writeString(serverProperties,
                    BrokerProperties.render(BrokerProperties.of(port, controllerPort, logDirs)), StandardCharsets.UTF_8);
            Path log4jConfig = dataDirectory.resolve(LOG4J_CONFIG);
            try (InputStream in = KafkaServer.class.getResourceAsStream("broker-log4j2.xml")) {
                Files.copy(Objects.requireNonNull(in, "broker-log4j2.xml missing from the devstack jar"), log4jConfig,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            String classpath = ProcessClasspath.current();
            if (!formatted) {
                format(classpath, log4jConfig, serverProperties, log);
            }
            List<String> command = javaCommand(classpath, log4jConfig);
            command.add("kafka.Kafka");
            command.add(serverProperties.toString());
            ServerProcess process = ServerProcess.builder("kafka")
                    .command(command)
                    .workingDirectory(dataDirectory)
                    .logFile(log)
                    .readiness(new BrokerReadiness("127.0.0.1", port))
                    .startupTimeout(startupTimeout)
                    .start();
            return new KafkaServer(process, dataDirectory, port, controllerPort, readClusterId(logDirs));
        }

        private void checkComplete() {
            List<String> missing = new ArrayList<>();
            if (dataDirectory == null) {
                missing.add("dataDirectory");
            }
            if (port == 0) {
                missing.add("port");
            }
            if (controllerPort == 0) {
                missing.add("controllerPort");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("KafkaServer needs " + String.join(", ", missing)
                        + ": set them on the builder before start()");
            }
            if (port == controllerPort) {
                throw new IllegalStateException("KafkaServer port and controllerPort are both " + port
                        + ": give the controller a port of its own");
            }
        }

        private void checkSameController(Path serverProperties) throws IOException {
            if (!Files.isRegularFile(serverProperties)) {
                return;
            }
            Properties previous = new Properties();
            try (InputStream in = Files.newInputStream(serverProperties)) {
                previous.load(in);
            }
            String before = previous.getProperty(BrokerProperties.QUORUM_BOOTSTRAP_KEY);
            String now = "127.0.0.1:" + controllerPort;
            if (before != null && !before.equals(now)) {
                throw new IllegalStateException("KafkaServer data directory " + dataDirectory + " was formatted with "
                        + BrokerProperties.QUORUM_BOOTSTRAP_KEY + "=" + before + " but controllerPort is "
                        + controllerPort + ": restart it with controllerPort(" + before.substring(before.lastIndexOf(':') + 1)
                        + ") or start on a new data directory");
            }
        }

        /** Writes the cluster id and the single controller into the data directory, as {@code kafka-storage.sh format} does. */
        private void format(String classpath, Path log4jConfig, Path serverProperties, Path log) throws IOException {
            List<String> command = javaCommand(classpath, log4jConfig);
            command.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", serverProperties.toString()));
            Files.createDirectories(log.getParent());
            Process formatting = new ProcessBuilder(command)
                    .directory(dataDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            try {
                if (!formatting.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    formatting.destroyForcibly();
                    throw new IllegalStateException("formatting Kafka data directory " + dataDirectory
                            + " took longer than " + FORMAT_TIMEOUT + "; see " + log);
                }
            } catch (InterruptedException e) {
                formatting.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while formatting " + dataDirectory, e);
            }
            if (formatting.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka data directory " + dataDirectory + " failed with exit code "
                        + formatting.exitValue() + "; last lines of " + log + ":\n" + tail(log));
            }
        }

        private static List<String> javaCommand(String classpath, Path log4jConfig) {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.add("-Dlog4j2.configurationFile=" + log4jConfig);
            command.add("-cp");
            command.add(classpath);
            return command;
        }

        private static String readClusterId(Path logDirs) {
            Properties meta = new Properties();
            try (InputStream in = Files.newInputStream(logDirs.resolve("meta.properties"))) {
                meta.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + logDirs.resolve("meta.properties"), e);
            }
            return meta.getProperty("cluster.id");
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log at " + log + ")";
            }
        }

    }
}
