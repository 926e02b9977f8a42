package io.fulcrum.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A server of the embedded stack running as its own operating-system process: its output goes to a log file, it
 * counts as started once its {@link Readiness} check answers, and stopping it ends it and every process it started.
 *
 * <p>The process is not tied to the JVM that started it: {@code fulcrum devstack up} starts servers and exits,
 * and {@code fulcrum devstack down} finds them again by {@link #pid()}. Tests close it when the run ends.
 *
 * <pre>{@code
 * ServerProcess registry = ServerProcess.builder("schema-registry")
 *         .command(List.of(java.toString(), "-jar", "quarkus-run.jar"))
 *         .workingDirectory(dir)
 *         .logFile(dir.resolve("registry.log"))
 *         .readiness(Readiness.http(URI.create("http://127.0.0.1:8081/apis/ccompat/v7/subjects")))
 *         .startupTimeout(Duration.ofSeconds(60))
 *         .start();
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {

    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final ProcessHandle handle;
    private final Path logFile;

    private ServerProcess(String name, ProcessHandle handle, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.logFile = logFile;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A handle on a server started earlier, possibly by another JVM (for {@code devstack down/status}). */
    public static ServerProcess attach(String name, long pid, Path logFile) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(
                () -> new IllegalStateException(name + " with pid " + pid + " is not running"));
        return new ServerProcess(name, handle, logFile);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /**
     * Asks the process and its descendants to terminate (SIGTERM), and kills them (SIGKILL) when they are not gone
     * within the grace period.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        handle.descendants().forEach(all::add);
        all.add(handle);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                p.destroyForcibly();
            }
        }
        all.forEach(p -> p.onExit().join());
    }

    /** Kills the process and its descendants at once (SIGKILL), as a crash would. */
    public void kill() {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
        handle.onExit().join();
    }

    @Override
    public void close() {
        if (isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }

    /**
     * Checks a server builder's startup timeout, the same way for every server of the stack.
     *
     * @throws IllegalArgumentException when it is null, zero or negative
     */
    public static Duration checkStartupTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, got " + timeout);
        }
        return timeout;
    }

    /** The last lines of the server's log, for error messages. */
    public String logTail() {
        return tail(logFile);
    }

    static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + "]";
    }

    /** Builder of a {@link ServerProcess}; {@link #start()} validates and launches. */
    public static final class Builder {
        private final String name;
        private List<String> command;
        private Path workingDirectory;
        private Path logFile;
        private Readiness readiness;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name can't be null");
        }

        public Builder command(List<String> command) {
            this.command = List.copyOf(Objects.requireNonNull(command, "command can't be null"));
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Objects.requireNonNull(dir, "workingDirectory can't be null");
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile can't be null");
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(Objects.requireNonNull(key, "environment key can't be null"),
                    Objects.requireNonNull(value, "environment value can't be null"));
            return this;
        }

        public Builder readiness(Readiness readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness can't be null");
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = checkStartupTimeout(timeout);
            return this;
        }

        /**
         * Launches the process and waits until it is ready.
         *
         * @throws IllegalStateException when the process exits or is not ready in time; the message carries the
         *     tail of its log, and the process is stopped
         */
        public ServerProcess start() throws IOException {
            if (command == null || command.isEmpty()) {
                throw new IllegalStateException(name + ": command is required");
            }
            if (logFile == null || readiness == null) {
                throw new IllegalStateException(name + ": logFile and readiness are required");
            }
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (workingDirectory != null) {
                Files.createDirectories(workingDirectory);
                pb.directory(workingDirectory.toFile());
            }
            pb.environment().put("TZ", "UTC");
            pb.environment().putAll(environment);
            Process process = pb.start();
            ServerProcess server = new ServerProcess(name, process.toHandle(), logFile);
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                            + " while starting; last lines of " + logFile + ":\n" + server.logTail());
                }
                if (readiness.isReady()) {
                    return server;
                }
                if (System.nanoTime() > deadline) {
                    server.stop(Duration.ofSeconds(5));
                    throw new IllegalStateException(name + " was not ready after " + startupTimeout + " ("
                            + readiness + "); last lines of " + logFile + ":\n" + server.logTail());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    server.stop(Duration.ofSeconds(5));
                    throw new IOException(name + ": interrupted while starting", e);
                }
            }
        }
    }
}
