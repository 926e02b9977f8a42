package io.fulcrum.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fulcrum.config.DurationFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code fulcrum.yaml} from a configuration directory. Every field but the connection addresses has a default
 * (listed in the README); unknown fields are errors, so a typo never silently falls back to a default.
 */
public final class PipelineConfigLoader {

    public static final String FILE_NAME = "fulcrum.yaml";

    private static final Set<String> TOP = Set.of("kafka", "registry", "clickhouse", "topics", "job", "webhooks");
    private static final Set<String> WEBHOOK_FORMATS = Set.of("alertmanager", "json");
    private static final Set<String> WEBHOOK = Set.of("url", "headers");
    private static final Set<String> KAFKA = Set.of("bootstrapServers", "groupId", "properties");
    private static final Set<String> REGISTRY = Set.of("url");
    private static final Set<String> CLICKHOUSE = Set.of("jdbcUrl", "properties", "cluster");
    private static final Set<String> TOPICS = Set.of("events", "kpiValues", "initiatives", "impactEstimates",
            "alerts", "deadLetters");
    private static final Set<String> JOB = Set.of("parallelism", "checkpointInterval", "checkpointDirectory",
            "outOfOrderness", "idleness", "bounded", "deduplicationWindow");

    private final Path file;
    private final JsonNode root;

    private PipelineConfigLoader(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Loads and validates {@code <directory>/fulcrum.yaml}.
     *
     * @throws PipelineConfigurationException naming the file and field of the first problem and its fix
     */
    public static PipelineConfig load(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new PipelineConfigurationException(file, "(file)", "not found; a configuration directory holds "
                    + FILE_NAME + " (connections, topics, job settings), kpis/ and sources/ (see config/demo)");
        }
        JsonNode root;
        try {
            root = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build().readTree(
                    file.toFile());
        } catch (IOException e) {
            throw new PipelineConfigurationException(file, "(file)", "is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PipelineConfigurationException(file, "(file)", "must be a YAML mapping with sections "
                    + TOP);
        }
        return new PipelineConfigLoader(file, root).parse(directory);
    }

    private PipelineConfig parse(Path directory) {
        checkFields(root, "", TOP);
        JsonNode kafka = section("kafka", KAFKA);
        JsonNode registry = section("registry", REGISTRY);
        JsonNode clickhouse = section("clickhouse", CLICKHOUSE);
        JsonNode topics = optionalSection("topics", TOPICS);
        JsonNode job = optionalSection("job", JOB);

        String jdbcUrl = requiredText(clickhouse, "clickhouse.jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:clickhouse:") && !jdbcUrl.startsWith("jdbc:ch:")) {
            throw problem("clickhouse.jdbcUrl", "'" + jdbcUrl + "' is not a clickhouse-jdbc URL; write "
                    + "jdbc:clickhouse://host:8123/database");
        }
        String registryUrl = requiredText(registry, "registry.url");
        if (!registryUrl.startsWith("http://") && !registryUrl.startsWith("https://")) {
            throw problem("registry.url", "'" + registryUrl + "' is not an http(s) URL; write the base URL of the "
                    + "Confluent-compatible API, e.g. http://localhost:8081 (Apicurio: .../apis/ccompat/v7)");
        }
        int parallelism = job.path("parallelism").asInt(1);
        if (parallelism < 1 || !job.path("parallelism").isMissingNode() && !job.path("parallelism").isInt()) {
            throw problem("job.parallelism", "'" + job.path("parallelism").asText() + "' must be a whole number "
                    + ">= 1");
        }
        return new PipelineConfig(
                directory,
                new PipelineConfig.Kafka(requiredText(kafka, "kafka.bootstrapServers"),
                        text(kafka, "groupId", "fulcrum"), stringMap(kafka, "kafka.properties")),
                registryUrl,
                new PipelineConfig.ClickHouse(jdbcUrl, stringMap(clickhouse, "clickhouse.properties"),
                        text(clickhouse, "cluster", null)),
                new PipelineConfig.Topics(
                        text(topics, "events", "fulcrum.operational-events"),
                        text(topics, "kpiValues", "fulcrum.kpi-values"),
                        text(topics, "initiatives", "fulcrum.initiatives"),
                        text(topics, "impactEstimates", "fulcrum.impact-estimates"),
                        text(topics, "alerts", "fulcrum.kpi-alerts"),
                        text(topics, "deadLetters", "fulcrum.dead-letters")),
                new PipelineConfig.Job(
                        parallelism,
                        duration(job, "job.checkpointInterval", "10s"),
                        job.hasNonNull("checkpointDirectory") ? job.get("checkpointDirectory").asText() : null,
                        duration(job, "job.outOfOrderness", "5m"),
                        duration(job, "job.idleness", "30s"),
                        job.path("bounded").asBoolean(false),
                        deduplicationWindow(job)),
                webhooks());
    }

    private List<PipelineConfig.Webhook> webhooks() {
        JsonNode webhooks = optionalSection("webhooks", WEBHOOK_FORMATS);
        List<PipelineConfig.Webhook> list = new ArrayList<>();
        for (Iterator<String> it = webhooks.fieldNames(); it.hasNext(); ) {
            String format = it.next();
            JsonNode w = webhooks.get(format);
            String at = "webhooks." + format;
            if (!w.isObject()) {
                throw problem(at, "must be a mapping with fields " + WEBHOOK);
            }
            checkFields(w, at + ".", WEBHOOK);
            String url = requiredText(w, at + ".url");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw problem(at + ".url", "'" + url + "' is not an http(s) URL; write e.g. "
                        + "http://alertmanager:9093/api/v2/alerts");
            }
            list.add(new PipelineConfig.Webhook(format, uri, stringMap(w, at + ".headers")));
        }
        return list;
    }

    private JsonNode section(String name, Set<String> fields) {
        JsonNode node = root.get(name);
        if (node == null || !node.isObject()) {
            throw problem(name, "section is missing; add '" + name + ":' with fields " + fields);
        }
        checkFields(node, name + ".", fields);
        return node;
    }

    private JsonNode optionalSection(String name, Set<String> fields) {
        JsonNode node = root.get(name);
        if (node == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (!node.isObject()) {
            throw problem(name, "must be a mapping with fields " + fields);
        }
        checkFields(node, name + ".", fields);
        return node;
    }

    private void checkFields(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw problem(prefix + f, "unknown field; allowed here: " + allowed.stream().sorted().toList());
            }
        }
    }

    private String requiredText(JsonNode node, String path) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        JsonNode v = node.get(leaf);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw problem(path, "is required");
        }
        return v.asText().trim();
    }

    private static String text(JsonNode node, String field, String defaultValue) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? defaultValue : v.asText().trim();
    }

    private Map<String, String> stringMap(JsonNode node, String path) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        JsonNode v = node.get(leaf);
        Map<String, String> map = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return map;
        }
        if (!v.isObject()) {
            throw problem(path, "must be a mapping of property name to value");
        }
        v.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private Duration duration(JsonNode node, String path, String defaultValue) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        try {
            return DurationFormat.parse(text(node, leaf, defaultValue));
        } catch (IllegalArgumentException e) {
            throw problem(path, e.getMessage());
        }
    }

    /**
     * Absent or null: no deduplication. A window under 1 ms (event times are in ms) would remember nothing: an error,
     * not "off".
     */
    private Optional<Duration> deduplicationWindow(JsonNode job) {
        JsonNode v = job.get("deduplicationWindow");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        Duration window = duration(job, "job.deduplicationWindow", null);
        if (window.compareTo(Duration.ofMillis(1)) < 0) {
            throw problem("job.deduplicationWindow", "'" + v.asText() + "' must be 1ms or longer; write e.g. 1d "
                    + "(at least the longest KPI window plus its allowedLateness), or leave the field out to "
                    + "count every event");
        }
        return Optional.of(window);
    }

    private PipelineConfigurationException problem(String field, String message) {
        return new PipelineConfigurationException(file, field, message);
    }
}
