package io.fulcrum.devstack.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.Readiness;
import io.fulcrum.devstack.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Flink 2.2 standalone session cluster as real processes, no Docker and no flink-dist: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and one or more TaskManagers ({@code TaskManagerRunner}), each its own
 * JVM on the jars of {@link FlinkDistribution} only, with a generated {@code config.yaml} (loopback, free ports,
 * 1 GiB per process). Jobs reach it the way users submit them: {@link #client()} runs {@code flink run} (Flink's
 * {@code CliFrontend}) as its own process against the cluster's configuration directory.
 *
 * <pre>{@code
 * try (FlinkCluster flink = FlinkCluster.builder().workDirectory(dir).start()) {
 *     String jobId = flink.client().run(jar, List.of("--config", configDir.toString()));
 *     ... flink.client().state(jobId) ...
 *     flink.client().cancel(jobId);
 * }
 * }</pre>
 *
 * <p>Layout of the work directory: {@code conf/} ({@code config.yaml}, {@code log4j2.properties}; the
 * {@code FLINK_CONF_DIR} of clients), {@code tmp/} ({@code io.tmp.dirs}: blobs, the unpacked RPC system),
 * {@code savepoints/} (the default savepoint directory),
 * {@code jobmanager.log}, {@code taskmanager-<n>.log}, {@code client-<n>.log}. Use a fresh directory per cluster:
 * a killed process leaves files in {@code tmp/}.
 */
public final class FlinkCluster implements AutoCloseable {

    /** The work directory's subdirectory for savepoints ({@code execution.checkpointing.savepoint-dir}). */
    static final String SAVEPOINTS = "savepoints";

    /** How long a process may take to stop on SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    /**
     * What Flink's default {@code env.java.opts.all} opens on Java 17: Kryo and Flink's serializers reflect into
     * these JDK packages.
     */
    static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** Serial GC: small heaps on a machine with few cores, where parallel GC threads only compete. */
    private static final String GC = "-XX:+UseSerialGC";
    private static final Duration RESOURCE_PARAMS_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDirectory;
    private final Path configDirectory;
    private final int restPort;
    private final ServerProcess jobManager;
    private final List<ServerProcess> taskManagers;

    private FlinkCluster(Path workDirectory, Path configDirectory, int restPort, ServerProcess jobManager,
                         List<ServerProcess> taskManagers) {
        this.workDirectory = workDirectory;
        this.configDirectory = configDirectory;
        this.restPort = restPort;
        this.jobManager = jobManager;
        this.taskManagers = List.copyOf(taskManagers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JobManager's REST endpoint, e.g. {@code http://127.0.0.1:8081}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** The directory with {@code config.yaml}: what {@code FLINK_CONF_DIR} of a client of this cluster names. */
    public Path configDirectory() {
        return configDirectory;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /**
     * The cluster's default savepoint directory ({@code execution.checkpointing.savepoint-dir}), under the work
     * directory: a target for {@link FlinkClient#stopWithSavepoint}; what lies there outlives the cluster.
     */
    public Path savepointDirectory() {
        return workDirectory.resolve(SAVEPOINTS);
    }

    /** Submits, queries and cancels jobs the way users do. */
    public FlinkClient client() {
        return new FlinkClient(this);
    }

    public Path jobManagerLog() {
        return jobManager.logFile();
    }

    /** The last lines of the JobManager's log, for failure messages. */
    public String jobManagerLogTail() {
        return jobManager.logTail();
    }

    /** The last lines of every TaskManager's log, each under its name. */
    public String taskManagerLogTails() {
        StringBuilder tails = new StringBuilder();
        for (ServerProcess tm : taskManagers) {
            tails.append("---- ").append(tm.logFile()).append('\n').append(tm.logTail()).append('\n');
        }
        return tails.toString();
    }

    /** Process ids of the JobManager and the TaskManagers, for checks that nothing is left behind. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(jobManager.pid());
        taskManagers.forEach(tm -> pids.add(tm.pid()));
        return List.copyOf(pids);
    }

    /** True while any process of the cluster runs. */
    public boolean isAlive() {
        return jobManager.isAlive() || taskManagers.stream().anyMatch(ServerProcess::isAlive);
    }

    /**
     * Stops the TaskManagers, then the JobManager (SIGTERM, SIGKILL after {@link #STOP_GRACE}); running jobs are
     * not cancelled first, as when a real cluster is shut down.
     */
    @Override
    public void close() {
        for (ServerProcess tm : taskManagers) {
            if (tm.isAlive()) {
                tm.stop(STOP_GRACE);
            }
        }
        if (jobManager.isAlive()) {
            jobManager.stop(STOP_GRACE);
        }
    }

    @Override
    public String toString() {
        return "FlinkCluster[" + restUrl() + ", " + taskManagers.size() + " TaskManagers, " + workDirectory + "]";
    }

    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add(GC);
        command.addAll(JAVA_17_OPENS);
        return command;
    }

    /** Builder of a {@link FlinkCluster}; {@link #start()} validates, writes the configuration and launches. */
    public static final class Builder {
        private Path workDirectory;
        private int taskManagers = 1;
        private int slotsPerTaskManager = 2;
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** Required. Created when missing; should be new (see the class comment). */
        public Builder workDirectory(Path workDirectory) {
            this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory can't be null")
                    .toAbsolutePath().normalize();
            return this;
        }

        /** How many TaskManager processes; 1 when not set. */
        public Builder taskManagers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("taskManagers must be at least 1, got " + count);
            }
            this.taskManagers = count;
            return this;
        }

        /** Task slots per TaskManager ({@code taskmanager.numberOfTaskSlots}); 2 when not set. */
        public Builder slotsPerTaskManager(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("slotsPerTaskManager must be at least 1, got " + slots);
            }
            this.slotsPerTaskManager = slots;
            return this;
        }

        /** How long to wait for the JobManager and for each TaskManager to register; 90 s when not set. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = ServerProcess.checkStartupTimeout(timeout);
            return this;
        }

        /**
         * Writes {@code conf/}, starts the JobManager, waits for its REST API, then starts each TaskManager and waits
         * until the JobManager lists it with its slots, and at the end until it lists them all.
         *
         * @throws IllegalStateException when the work directory is not set or a process does not start (with the
         *     tail of its log); processes already started are stopped
         */
        public FlinkCluster start() throws IOException {
            if (workDirectory == null) {
                throw new IllegalStateException("FlinkCluster needs workDirectory: set it on the builder before start()");
            }
            Path conf = workDirectory.resolve("conf");
            Path tmp = workDirectory.resolve("tmp");
            Path savepoints = workDirectory.resolve(SAVEPOINTS);
            Files.createDirectories(conf);
            Files.createDirectories(tmp);
            Files.createDirectories(savepoints);
            int restPort = Ports.freePort();
            Map<String, String> config = FlinkClusterConfig.of(Ports.freePort(), restPort, slotsPerTaskManager, tmp,
                    savepoints);
            Files.writeString(conf.resolve("config.yaml"), FlinkClusterConfig.yaml(config), StandardCharsets.UTF_8);
            try (var in = FlinkCluster.class.getResourceAsStream("flink-log4j2.properties")) {
                Files.write(conf.resolve("log4j2.properties"),
                        Objects.requireNonNull(in, "flink-log4j2.properties missing from the devstack jar").readAllBytes());
            }
            String classpath = FlinkDistribution.classpath();
            URI rest = URI.create("http://127.0.0.1:" + restPort);

            ServerProcess jobManager = ServerProcess.builder("flink-jobmanager")
                    .command(entryPoint(classpath, conf, "GET_JM_RESOURCE_PARAMS",
                            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            List.of("--executionMode", "cluster")))
                    .workingDirectory(workDirectory)
                    .logFile(workDirectory.resolve("jobmanager.log"))
                    .readiness(Readiness.http(rest.resolve("/overview")))
                    .startupTimeout(startupTimeout)
                    .start();
            List<ServerProcess> started = new ArrayList<>();
            try {
                for (int i = 1; i <= taskManagers; i++) {
                    String resourceId = "taskmanager-" + i;
                    started.add(ServerProcess.builder("flink-" + resourceId)
                            .command(entryPoint(classpath, conf, "GET_TM_RESOURCE_PARAMS",
                                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                                    List.of("-D", "taskmanager.resource-id=" + resourceId)))
                            .workingDirectory(workDirectory)
                            .logFile(workDirectory.resolve(resourceId + ".log"))
                            .readiness(registered(rest, resourceId, slotsPerTaskManager))
                            .startupTimeout(startupTimeout)
                            .start());
                }
                // Each TaskManager was listed once; a job needs them listed together.
                awaitListed(rest, started);
            } catch (IOException | RuntimeException e) {
                started.forEach(ServerProcess::close);
                jobManager.close();
                throw e;
            }
            return new FlinkCluster(workDirectory, conf, restPort, jobManager, started);
        }

        private void awaitListed(URI rest, List<ServerProcess> taskManagers) throws IOException {
            List<Readiness> listed = new ArrayList<>();
            for (int i = 1; i <= taskManagers.size(); i++) {
                listed.add(registered(rest, "taskmanager-" + i, slotsPerTaskManager));
            }
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (!listed.stream().allMatch(Readiness::isReady)) {
                if (System.nanoTime() > deadline) {
                    StringBuilder tails = new StringBuilder();
                    taskManagers.forEach(tm -> tails.append("---- ").append(tm.logFile()).append('\n')
                            .append(tm.logTail()).append('\n'));
                    throw new IllegalStateException("the JobManager did not list all of " + listed + " within "
                            + startupTimeout + "; TaskManager logs:\n" + tails);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the TaskManagers", e);
                }
            }
        }

        /** The command of a Flink entry point with the JVM flags and memory settings Flink derives for it. */
        private List<String> entryPoint(String classpath, Path conf, String resourceCommand, String mainClass,
                                        List<String> arguments) throws IOException {
            FlinkClusterConfig.ResourceParams params = FlinkClusterConfig.resourceParams(
                    bashJavaUtils(classpath, conf, resourceCommand));
            List<String> command = javaCommand();
            command.addAll(params.jvmFlags());
            command.add("-Dlog4j2.configurationFile=" + conf.resolve("log4j2.properties"));
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.add("--configDir");
            command.add(conf.toString());
            command.addAll(arguments);
            command.addAll(params.dynamicProperties());
            return command;
        }

        private String bashJavaUtils(String classpath, Path conf, String resourceCommand) throws IOException {
            List<String> command = javaCommand();
            command.addAll(List.of("-Xmx64m", "-Dlog4j2.configurationFile=" + conf.resolve("log4j2.properties"),
                    "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils", resourceCommand,
                    "--configDir", conf.toString()));
            Path output = workDirectory.resolve("bash-java-utils.out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try {
                if (!process.waitFor(RESOURCE_PARAMS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("BashJavaUtils " + resourceCommand + " took longer than "
                            + RESOURCE_PARAMS_TIMEOUT + "; output in " + output);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while computing Flink's memory settings", e);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("BashJavaUtils " + resourceCommand + " failed with exit code "
                        + process.exitValue() + ":\n" + text);
            }
            return text;
        }

        /**
         * Ready when the JobManager's {@code /taskmanagers} lists the TaskManager with all its slots: a TaskManager
         * is listed as soon as it registers, its slots only once its slot report has arrived (seen here: /overview
         * counted 1 of 2 slots right after both TaskManagers were listed).
         */
        private static Readiness registered(URI rest, String resourceId, int slots) {
            URI taskManagers = rest.resolve("/taskmanagers");
            return new Readiness() {
                @Override
                public boolean isReady() {
                    try {
                        JsonNode listed = JSON.readTree(taskManagers.toURL()).path("taskmanagers");
                        for (JsonNode tm : listed) {
                            if (resourceId.equals(tm.path("id").asText())) {
                                return tm.path("slotsNumber").asInt() == slots;
                            }
                        }
                        return false;
                    } catch (IOException notYet) {
                        return false;
                    }
                }

                @Override
                public String toString() {
                    return resourceId + " listed with " + slots + " slots by GET " + taskManagers;
                }
            };
        }
    }
}
