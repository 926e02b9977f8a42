package io.fulcrum.devstack.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jobs on a {@link FlinkCluster}: submitted as users submit them, with {@code flink run -d} (Flink's
 * {@code CliFrontend} in a process of its own, on the cluster's jars, with {@code FLINK_CONF_DIR} set to the cluster's
 * configuration directory), then followed, stopped with a savepoint and cancelled over the JobManager's REST API.
 */
public final class FlinkClient {

    /** How long one {@code flink run} may take: it runs the jar's main, which builds and uploads the job. */
    static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(2);
    /** What {@code flink run -d} prints once the cluster has accepted the job. */
    static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    /** States after which a job does not run again. */
    public static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private static final AtomicInteger CLIENT_RUNS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlinkCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkClient(FlinkCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * {@code flink run -d <jar> <arguments>}: runs the jar's main class in a client process, which submits the job
     * and exits.
     *
     * @return the job id the client printed
     * @throws IllegalStateException when the client fails, prints no job id or runs longer than
     *     {@link #SUBMIT_TIMEOUT}; the message holds the client's output
     */
    public String run(Path jar, List<String> arguments) throws IOException, InterruptedException {
        return submit(List.of(), jar, arguments);
    }

    /**
     * {@code flink run -d -s <savepointPath> <jar> <arguments>}: as {@link #run(Path, List)}, with the job's state
     * restored from a savepoint (what {@link #stopWithSavepoint} returned). Every piece of state in the savepoint
     * must find its operator by uid in the new job, or the submission fails ({@code -n} is not passed).
     *
     * @param savepointPath the savepoint's location, e.g. {@code file:/.../savepoint-1a2b3c-4d5e6f7a8b9c}
     */
    public String run(Path jar, String savepointPath, List<String> arguments)
            throws IOException, InterruptedException {
        Objects.requireNonNull(savepointPath, "savepointPath can't be null");
        if (savepointPath.isBlank()) {
            throw new IllegalArgumentException("savepointPath is blank; pass what stopWithSavepoint returned");
        }
        return submit(List.of("-s", savepointPath), jar, arguments);
    }

    private String submit(List<String> runOptions, Path jar, List<String> arguments)
            throws IOException, InterruptedException {
        Objects.requireNonNull(jar, "jar can't be null");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("job jar " + jar + " does not exist; build it first");
        }
        List<String> command = FlinkCluster.javaCommand();
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + cluster.configDirectory().resolve("log4j2.properties"),
                "-cp", FlinkDistribution.classpath(), "org.apache.flink.client.cli.CliFrontend", "run", "-d"));
        command.addAll(runOptions);
        command.add(jar.toAbsolutePath().toString());
        command.addAll(arguments);
        Path output = cluster.workDirectory().resolve("client-" + CLIENT_RUNS.incrementAndGet() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("FLINK_CONF_DIR", cluster.configDirectory().toString());
        builder.environment().put("TZ", "UTC");
        Process client = builder.start();
        try {
            if (!client.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("flink run did not finish within " + SUBMIT_TIMEOUT + "; output ("
                        + output + "):\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            if (client.isAlive()) {
                client.destroyForcibly().waitFor();
            }
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Matcher id = SUBMITTED.matcher(printed);
        if (client.exitValue() != 0 || !id.find()) {
            throw new IllegalStateException("flink run exited with code " + client.exitValue()
                    + (client.exitValue() == 0 ? " but printed no job id" : "") + "; output (" + output + "):\n"
                    + printed);
        }
        return id.group(1);
    }

    /** The job's state as the JobManager reports it ({@code RUNNING}, {@code FAILED}, ...). */
    public String state(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /**
     * The job's vertices with their status ({@code "kpi-windows: RUNNING"}, ...), for failure messages and to see
     * that every task is running.
     */
    public List<String> vertices(String jobId) throws IOException, InterruptedException {
        List<String> vertices = new ArrayList<>();
        for (JsonNode vertex : job(jobId).path("vertices")) {
            vertices.add(vertex.path("name").asText() + ": " + vertex.path("status").asText());
        }
        return vertices;
    }

    /** The job's failure as the JobManager recorded it (root exception), or an empty string. */
    public String failure(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").path(0)
                .path("stacktrace").asText("");
    }

    /**
     * Where the job's state was restored from ({@code latest.restored.external_path} of
     * {@code GET /jobs/<id>/checkpoints}): the savepoint of {@code flink run -s}, or after a failover the checkpoint;
     * empty for a job that started with empty state and never restarted.
     */
    public Optional<String> restoredFrom(String jobId) throws IOException, InterruptedException {
        JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        return restored.isObject() ? Optional.of(restored.path("external_path").asText()) : Optional.empty();
    }

    /** The class path the JobManager runs on. */
    public List<String> jobManagerClasspath() throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        get("/jobmanager/environment").path("classpath").forEach(e -> entries.add(e.asText()));
        return entries;
    }

    /**
     * Cancels the job and waits until it is {@code CANCELED} (or in another terminal state).
     *
     * @return the terminal state
     * @throws IllegalStateException when it is not in a terminal state within the timeout
     */
    public String cancel(String jobId, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202 && !TERMINAL_STATES.contains(state(jobId))) {
            throw new IllegalStateException("cancelling job " + jobId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return awaitTerminal(jobId, System.nanoTime() + timeout.toNanos(), timeout + " after cancelling");
    }

    /**
     * Stops the job with a savepoint, as {@code flink stop --savepointPath <dir> <id>} does, and waits until the
     * savepoint is complete and the job {@code FINISHED}. No {@code MAX_WATERMARK} is sent ({@code "drain": false}):
     * the upgrade path, on which windows still open stay in the savepoint, to be completed by the job that resumes
     * from it ({@link #run(Path, String, List)}).
     *
     * <p>REST: {@code POST /jobs/<id>/stop} with {@code {"targetDirectory": ..., "drain": false}} answers a trigger
     * id; {@code GET /jobs/<id>/savepoints/<trigger>} reports {@code status.id} {@code IN_PROGRESS} or
     * {@code COMPLETED}, and when completed {@code operation.location} or {@code operation.failure-cause}.
     *
     * @param targetDirectory where the savepoint's directory is created, e.g. {@link FlinkCluster#savepointDirectory()}
     * @param timeout for the savepoint and the job's end together
     * @return the savepoint's location, as {@code flink run -s} takes it
     * @throws IllegalStateException when the stop is refused, the savepoint fails, the job ends in another state than
     *     {@code FINISHED} or the timeout passes; the message holds the cause and the JobManager's log tail
     */
    public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        Objects.requireNonNull(jobId, "jobId can't be null");
        Objects.requireNonNull(targetDirectory, "targetDirectory can't be null");
        Objects.requireNonNull(timeout, "timeout can't be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        String target = "file://" + targetDirectory.toAbsolutePath().normalize();
        JsonNode trigger = post("/jobs/" + jobId + "/stop",
                JSON.createObjectNode().put("targetDirectory", target).put("drain", false));
        String triggerId = trigger.path("request-id").asText("");
        if (triggerId.isEmpty()) {
            throw new IllegalStateException("stopping job " + jobId + " with a savepoint answered no request-id: "
                    + trigger);
        }
        String statusPath = "/jobs/" + jobId + "/savepoints/" + triggerId;
        while (true) {
            JsonNode status = get(statusPath);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                JsonNode cause = operation.path("failure-cause");
                if (!cause.isMissingNode() && !cause.isNull()) {
                    throw new IllegalStateException("the savepoint of job " + jobId + " into " + target
                            + " failed: " + cause.path("class").asText() + "\n" + cause.path("stack-trace").asText()
                            + "\njob is " + state(jobId) + "; JobManager log tail:\n" + cluster.jobManagerLogTail());
                }
                String location = operation.path("location").asText("");
                String end = awaitTerminal(jobId, deadline, "after its savepoint " + location + " completed");
                if (!"FINISHED".equals(end)) {
                    throw new IllegalStateException("job " + jobId + " ended " + end + ", not FINISHED, after its "
                            + "savepoint " + location + " completed; failure:\n" + failure(jobId)
                            + "\nJobManager log tail:\n" + cluster.jobManagerLogTail());
                }
                return location;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the savepoint of job " + jobId + " into " + target
                        + " did not complete within " + timeout + " (last status " + status + "); job is "
                        + state(jobId) + "; JobManager log tail:\n" + cluster.jobManagerLogTail());
            }
            Thread.sleep(200);
        }
    }

    /** Polls the job's state until it is terminal (returned) or {@code deadline} passes (thrown, naming {@code when}). */
    private String awaitTerminal(String jobId, long deadline, String when) throws IOException, InterruptedException {
        while (true) {
            String state = state(jobId);
            if (TERMINAL_STATES.contains(state)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " still " + state + " " + when);
            }
            Thread.sleep(200);
        }
    }

    private JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri(path) + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 202) {
            throw new IllegalStateException("POST " + uri(path) + " " + body + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return cluster.restUrl().resolve(path);
    }
}
