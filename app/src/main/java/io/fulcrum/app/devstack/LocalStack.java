package io.fulcrum.app.devstack;

import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.ServerProcess;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded stack as separate processes that outlive the command which started them: each component's pid lives
 * in {@code <dir>/<name>.pid}, its data in {@code <dir>/<name>/}, its log in {@code <dir>/logs/<name>.log}.
 * {@link #up} is idempotent: a component whose pid is alive and which answers is left alone.
 */
public final class LocalStack {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path dir;
    private final List<StackComponent> components;

    LocalStack(Path dir, List<StackComponent> components) {
        this.dir = dir.toAbsolutePath();
        this.components = List.copyOf(components);
    }

    /** Kafka, the schema registry and ClickHouse on the given ports, with state under {@code dir}. */
    public static LocalStack of(Path dir, StackPorts ports) {
        return new LocalStack(dir, List.of(
                new KafkaComponent(ports.kafka(), ports.kafkaController()),
                new SchemaRegistryComponent(ports.registry(), ports.registryManagement()),
                new ClickHouseComponent(ports.clickhouse())));
    }

    public Path directory() {
        return dir;
    }

    /** Starts what is not running, waits until each answers, and prints where to reach it. */
    public void up(PrintStream out) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        for (StackComponent c : components) {
            Optional<Long> running = runningPid(c);
            if (running.isPresent()) {
                out.printf("%-16s already running (pid %d)%n", c.name(), running.get());
            } else {
                if (!Ports.isFree(c.port())) {
                    throw new IllegalStateException(c.name() + ": port " + c.port() + " is taken by another "
                            + "process; stop it or choose another port (see fulcrum devstack up --help)");
                }
                long started = System.nanoTime();
                long pid = c.start(dir);
                Files.writeString(pidFile(c), Long.toString(pid), StandardCharsets.UTF_8);
                out.printf("%-16s started (pid %d) in %.1f s%n", c.name(), pid,
                        (System.nanoTime() - started) / 1e9);
            }
        }
        printEndpoints(out);
    }

    /** Prints each component's state; returns true when all are up. */
    public boolean status(PrintStream out) {
        boolean allUp = true;
        for (StackComponent c : components) {
            Optional<Long> pid = pidOf(c);
            String state;
            if (pid.isEmpty()) {
                state = "stopped";
                allUp = false;
            } else if (!ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                state = "dead (stale pid " + pid.get() + "; see " + logFile(c) + ")";
                allUp = false;
            } else if (!c.readiness().isReady()) {
                state = "not answering (pid " + pid.get() + "; see " + logFile(c) + ")";
                allUp = false;
            } else {
                state = "up (pid " + pid.get() + ")";
            }
            out.printf("%-16s %s%n", c.name(), state);
            if (state.startsWith("up")) {
                c.endpoints().forEach((k, v) -> out.printf("  %-14s %s%n", k, v));
            }
        }
        return allUp;
    }

    /** Stops every component (SIGTERM, then SIGKILL after a grace period) and removes the pid files. */
    public void down(PrintStream out) throws IOException {
        for (StackComponent c : components) {
            Optional<Long> pid = pidOf(c);
            if (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                ServerProcess.attach(c.name(), pid.get(), logFile(c)).stop(STOP_GRACE);
                out.printf("%-16s stopped (pid %d)%n", c.name(), pid.get());
            } else {
                out.printf("%-16s not running%n", c.name());
            }
            Files.deleteIfExists(pidFile(c));
        }
    }

    /** Client endpoints of every component, e.g. for the demo. */
    public Map<String, String> endpoints(String component) {
        return components.stream().filter(c -> c.name().equals(component)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + component)).endpoints();
    }

    private void printEndpoints(PrintStream out) {
        out.println();
        for (StackComponent c : components) {
            c.endpoints().forEach((k, v) -> out.printf("%-28s %s%n", c.name() + " " + k, v));
        }
        out.println("data and logs under " + dir);
    }

    private Optional<Long> runningPid(StackComponent c) {
        return pidOf(c).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .filter(pid -> c.readiness().isReady());
    }

    private Optional<Long> pidOf(StackComponent c) {
        Path f = pidFile(c);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(f, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile(StackComponent c) {
        return dir.resolve(c.name() + ".pid");
    }

    static Path logFile(Path dir, StackComponent c) {
        return dir.resolve("logs").resolve(c.name() + ".log");
    }

    private Path logFile(StackComponent c) {
        return logFile(dir, c);
    }
}
