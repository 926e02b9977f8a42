package io.fulcrum.kpi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fulcrum.config.DurationFormat;
import io.fulcrum.kpi.KpiConfigurationException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads KPI definitions from YAML files (one KPI per file, or several under a top-level {@code kpis:} list) and
 * validates them against the {@link MeasureCatalog}. The format is documented in {@code jobs/README.md}.
 *
 * <p>The YAML tree is walked by hand rather than bound to classes so that each problem names the file, the KPI id
 * and the field path, and so that all problems of all files are reported at once.
 */
public final class KpiDefinitionLoader {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2})");

    private static final Set<String> KPI_FIELDS = Set.of("id", "name", "description", "unit", "objectType", "filter",
            "aggregation", "window", "allowedLateness", "direction", "target", "thresholds", "rollup");
    private static final Set<String> FILTER_FIELDS = Set.of("eventTypes", "where");
    private static final Set<String> PREDICATE_FIELDS = Set.of("attribute", "equals", "in", "notEquals", "exists");
    private static final Set<String> AGGREGATION_FIELDS = Set.of("type", "measure", "numerator", "denominator",
            "matching", "attribute", "quantile");
    private static final Set<String> WINDOW_FIELDS = Set.of("type", "size", "slide");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("warning", "critical");
    private static final Set<String> ROLLUP_FIELDS = Set.of("objectType", "attribute");

    private final MeasureCatalog catalog;
    private final YAMLMapper yaml;

    private KpiDefinitionLoader(MeasureCatalog catalog) {
        this.catalog = catalog;
        this.yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** A loader that checks measures against {@code catalog}. */
    public static KpiDefinitionLoader withCatalog(MeasureCatalog catalog) {
        return new KpiDefinitionLoader(Objects.requireNonNull(catalog, "catalog can't be null"));
    }

    /**
     * Loads every {@code *.yaml} / {@code *.yml} file under {@code path} (a directory, searched recursively in name
     * order) or the single file {@code path}.
     *
     * @throws KpiConfigurationException listing every problem, when any file is invalid, a KPI id repeats or none
     *     is found
     * @throws UncheckedIOException when a file cannot be read
     */
    public List<KpiDefinition> load(Path path) {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list KPI definition directory " + path, e);
            }
        } else if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            throw new KpiConfigurationException(List.of(new Problem(path.toString(), "?", "-",
                    "no such file or directory: point the KPI configuration at a directory of *.yaml files")));
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, String> fileById = new LinkedHashMap<>();
        List<KpiDefinition> out = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read KPI definition file " + file, e);
            }
            for (KpiDefinition d : parse(file.toString(), text, problems)) {
                String previous = fileById.putIfAbsent(d.id(), file.toString());
                if (previous != null) {
                    problems.add(new Problem(file.toString(), d.id(), "id", "KPI id '" + d.id()
                            + "' is already defined in " + previous + ": give each KPI its own id"));
                } else {
                    out.add(d);
                }
            }
        }
        if (problems.isEmpty() && out.isEmpty()) {
            problems.add(new Problem(path.toString(), "?", "-",
                    "no KPI definitions found: add *.yaml files with a KPI or a 'kpis:' list"));
        }
        if (!problems.isEmpty()) {
            throw new KpiConfigurationException(problems);
        }
        return List.copyOf(out);
    }

    /**
     * Parses one file's text ({@code fileName} is used in messages only).
     *
     * @throws KpiConfigurationException listing every problem
     */
    public List<KpiDefinition> parse(String fileName, String text) {
        List<Problem> problems = new ArrayList<>();
        List<KpiDefinition> out = parse(fileName, text, problems);
        if (!problems.isEmpty()) {
            throw new KpiConfigurationException(problems);
        }
        return out;
    }

    private List<KpiDefinition> parse(String file, String text, List<Problem> problems) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new Problem(file, "?", "-", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "")));
            return List.of();
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(new Problem(file, "?", "-", "the file is empty: write one KPI or a 'kpis:' list"));
            return List.of();
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isObject() && root.has("kpis")) {
            if (root.size() != 1) {
                problems.add(new Problem(file, "?", "-", "a file with 'kpis:' must have nothing else at the top level,"
                        + " found " + fieldNames(root)));
            }
            JsonNode list = root.get("kpis");
            if (!list.isArray()) {
                problems.add(new Problem(file, "?", "kpis", "must be a list of KPI definitions"));
                return List.of();
            }
            list.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<KpiDefinition> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            KpiReader reader = new KpiReader(file, node, problems);
            KpiDefinition d = reader.read();
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** Parses a duration as written in KPI files (see {@link DurationFormat}). */
    static Duration parseDuration(String text) {
        return DurationFormat.parse(text);
    }

    /** Reads one KPI node, recording problems instead of stopping at the first. */
    private final class KpiReader {
        private final String file;
        private final JsonNode node;
        private final List<Problem> problems;
        private final String id;
        private int problemsBefore;

        KpiReader(String file, JsonNode node, List<Problem> problems) {
            this.file = file;
            this.node = node;
            this.problems = problems;
            JsonNode idNode = node.isObject() ? node.get("id") : null;
            this.id = idNode != null && idNode.isTextual() ? idNode.asText() : "?";
        }

        KpiDefinition read() {
            problemsBefore = problems.size();
            if (!node.isObject()) {
                problem("-", "a KPI definition must be a mapping of fields, got " + node.getNodeType());
                return null;
            }
            unknownFields(node, KPI_FIELDS, "");
            KpiDefinition.Builder b = KpiDefinition.builder();
            apply("id", () -> b.id(requiredText(node, "id")));
            apply("name", () -> b.name(requiredText(node, "name")));
            apply("description", () -> optionalText(node, "description").ifPresent(b::description));
            apply("unit", () -> optionalText(node, "unit").ifPresent(b::unit));
            String objectType = apply("objectType", () -> requiredText(node, "objectType"));
            if (objectType != null) {
                apply("objectType", () -> b.objectType(objectType));
            }
            EventFilter filter = node.has("filter") ? readFilter(node.get("filter")) : EventFilter.all();
            if (filter != null) {
                b.filter(filter);
            }
            if (!node.has("aggregation")) {
                problem("aggregation", "required field is missing: e.g. aggregation: {type: count}");
            } else {
                Aggregation a = readAggregation(node.get("aggregation"), filter == null ? EventFilter.all() : filter);
                if (a != null) {
                    b.aggregation(a);
                }
            }
            if (!node.has("window")) {
                problem("window", "required field is missing: e.g. window: {type: tumbling, size: 1h}");
            } else {
                KpiWindow w = readWindow(node.get("window"));
                if (w != null) {
                    b.window(w);
                }
            }
            apply("allowedLateness", () -> optionalText(node, "allowedLateness")
                    .ifPresent(t -> b.allowedLateness(parseDuration(t))));
            Direction direction = apply("direction", () -> Direction.fromText(requiredText(node, "direction")));
            if (direction != null) {
                b.direction(direction);
            }
            if (node.has("target")) {
                apply("target", () -> b.target(number(node.get("target"), "target")));
            }
            if (node.has("thresholds")) {
                JsonNode t = node.get("thresholds");
                if (mapping(t, "thresholds")) {
                    unknownFields(t, THRESHOLD_FIELDS, "thresholds.");
                    Double warning = apply("thresholds.warning", () -> number(t.get("warning"), "warning"));
                    Double critical = apply("thresholds.critical", () -> number(t.get("critical"), "critical"));
                    if (warning != null && critical != null && direction != null) {
                        apply("thresholds", () -> b.thresholds(Thresholds.of(warning, critical, direction)));
                    }
                }
            }
            if (node.has("rollup")) {
                JsonNode r = node.get("rollup");
                if (mapping(r, "rollup")) {
                    unknownFields(r, ROLLUP_FIELDS, "rollup.");
                    String type = apply("rollup.objectType", () -> requiredText(r, "objectType"));
                    String attribute = apply("rollup.attribute", () -> requiredText(r, "attribute"));
                    if (type != null && attribute != null) {
                        if (type.equals(objectType)) {
                            problem("rollup.objectType", "'" + type + "' is the KPI's own objectType: roll up to a"
                                    + " higher level (e.g. sku -> category)");
                        } else {
                            b.rollup(Rollup.to(type, attribute));
                        }
                    }
                }
            }
            if (problems.size() > problemsBefore) {
                return null;
            }
            return b.build();
        }

        private EventFilter readFilter(JsonNode f) {
            if (!mapping(f, "filter")) {
                return null;
            }
            unknownFields(f, FILTER_FIELDS, "filter.");
            Set<String> types = new LinkedHashSet<>();
            if (f.has("eventTypes")) {
                JsonNode t = f.get("eventTypes");
                if (!t.isArray() || t.isEmpty()) {
                    problem("filter.eventTypes", "must be a non-empty list of event types, e.g. [shipment_delivered]"
                            + " (leave it out to read every event type)");
                } else {
                    t.forEach(n -> types.add(n.asText()));
                }
            }
            List<AttributePredicate> conditions = f.has("where") ? readPredicates(f.get("where"), "filter.where")
                    : List.of();
            return conditions == null ? null : EventFilter.of(types, conditions);
        }

        private List<AttributePredicate> readPredicates(JsonNode list, String field) {
            if (!list.isArray() || list.isEmpty()) {
                problem(field, "must be a non-empty list of conditions, e.g. [{attribute: mode, equals: road}]");
                return null;
            }
            List<AttributePredicate> out = new ArrayList<>();
            int before = problems.size();
            for (int i = 0; i < list.size(); i++) {
                JsonNode p = list.get(i);
                String at = field + "[" + i + "]";
                if (!mapping(p, at)) {
                    continue;
                }
                unknownFields(p, PREDICATE_FIELDS, at + ".");
                String attribute = apply(at + ".attribute", () -> requiredText(p, "attribute"));
                List<String> ops = new ArrayList<>();
                for (String op : List.of("equals", "in", "notEquals", "exists")) {
                    if (p.has(op)) {
                        ops.add(op);
                    }
                }
                if (ops.size() != 1) {
                    problem(at, "needs exactly one of equals, in, notEquals, exists; found " + ops);
                    continue;
                }
                if (attribute == null) {
                    continue;
                }
                JsonNode v = p.get(ops.get(0));
                switch (ops.get(0)) {
                    case "equals":
                        apply(at + ".equals", () -> out.add(AttributePredicate.equalTo(attribute, scalar(v))));
                        break;
                    case "notEquals":
                        apply(at + ".notEquals", () -> out.add(AttributePredicate.notEqualTo(attribute, scalar(v))));
                        break;
                    case "in":
                        if (!v.isArray() || v.isEmpty()) {
                            problem(at + ".in", "must be a non-empty list of values, e.g. [A, B]");
                        } else {
                            List<String> values = new ArrayList<>();
                            v.forEach(x -> values.add(x.asText()));
                            out.add(AttributePredicate.in(attribute, values));
                        }
                        break;
                    default:
                        if (!v.isBoolean() || !v.asBoolean()) {
                            problem(at + ".exists", "must be true (to require that the attribute is absent use"
                                    + " notEquals on its expected value)");
                        } else {
                            out.add(AttributePredicate.exists(attribute));
                        }
                }
            }
            return problems.size() > before ? null : out;
        }

        private Aggregation readAggregation(JsonNode a, EventFilter filter) {
            if (!mapping(a, "aggregation")) {
                return null;
            }
            unknownFields(a, AGGREGATION_FIELDS, "aggregation.");
            String typeText = apply("aggregation.type", () -> requiredText(a, "type"));
            if (typeText == null) {
                return null;
            }
            Aggregation.Type type = Aggregation.Type.fromText(typeText).orElse(null);
            if (type == null) {
                problem("aggregation.type", "'" + typeText + "' is not an aggregation: use one of count, sum, avg,"
                        + " min, max, ratio, distinct-count, quantile");
                return null;
            }
            Set<String> allowed;
            switch (type) {
                case COUNT: allowed = Set.of("type"); break;
                case RATIO: allowed = Set.of("type", "numerator", "denominator", "matching"); break;
                case DISTINCT_COUNT: allowed = Set.of("type", "attribute"); break;
                case QUANTILE: allowed = Set.of("type", "measure", "quantile"); break;
                default: allowed = Set.of("type", "measure");
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (AGGREGATION_FIELDS.contains(f) && !allowed.contains(f)) {
                    problem("aggregation." + f, "does not apply to aggregation type " + typeText
                            + ": its fields are " + new java.util.TreeSet<>(allowed));
                }
            }
            switch (type) {
                case COUNT:
                    return Aggregation.count();
                case SUM:
                case AVG:
                case MIN:
                case MAX: {
                    String m = measure(a, "measure", filter);
                    if (m == null) {
                        return null;
                    }
                    return type == Aggregation.Type.SUM ? Aggregation.sum(m)
                            : type == Aggregation.Type.AVG ? Aggregation.avg(m)
                            : type == Aggregation.Type.MIN ? Aggregation.min(m) : Aggregation.max(m);
                }
                case RATIO:
                    if (a.has("matching")) {
                        if (a.has("numerator") || a.has("denominator")) {
                            problem("aggregation.matching", "a ratio is either numerator/denominator measures or"
                                    + " matching conditions, not both");
                            return null;
                        }
                        List<AttributePredicate> m = readPredicates(a.get("matching"), "aggregation.matching");
                        return m == null ? null : Aggregation.ratioOfMatching(m);
                    } else {
                        String n = measure(a, "numerator", filter);
                        String d = measure(a, "denominator", filter);
                        return n == null || d == null ? null : Aggregation.ratioOfMeasures(n, d);
                    }
                case DISTINCT_COUNT: {
                    String attr = apply("aggregation.attribute", () -> requiredText(a, "attribute"));
                    return attr == null ? null : Aggregation.distinctCount(attr);
                }
                case QUANTILE: {
                    String m = measure(a, "measure", filter);
                    Double q = apply("aggregation.quantile", () -> quantile(a.get("quantile")));
                    return m == null || q == null ? null : Aggregation.quantile(m, q);
                }
                default:
                    throw new AssertionError(type);
            }
        }

        private String measure(JsonNode a, String field, EventFilter filter) {
            String m = apply("aggregation." + field, () -> requiredText(a, field));
            if (m == null) {
                return null;
            }
            Set<String> provided = catalog.measuresOf(filter.eventTypes());
            if (!provided.contains(m)) {
                String types = filter.eventTypes().isEmpty() ? "any event type"
                        : "event types " + new java.util.TreeSet<>(filter.eventTypes());
                problem("aggregation." + field, "measure '" + m + "' is provided by no source for " + types
                        + " (provided: " + (provided.isEmpty() ? "none" : String.join(", ", provided))
                        + "): fix the measure name or the filter's eventTypes");
                return null;
            }
            return m;
        }

        private Double quantile(JsonNode q) {
            if (q == null) {
                throw new IllegalArgumentException("required field is missing: e.g. quantile: p90");
            }
            if (q.isNumber()) {
                return Aggregation.quantile("m", q.asDouble()).quantile();
            }
            Matcher m = PERCENTILE.matcher(q.asText());
            if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
                throw new IllegalArgumentException("'" + q.asText() + "' is not a quantile: use p50, p90, p95, p99"
                        + " or a number between 0 and 1");
            }
            return Integer.parseInt(m.group(1)) / 100.0;
        }

        private KpiWindow readWindow(JsonNode w) {
            if (!mapping(w, "window")) {
                return null;
            }
            unknownFields(w, WINDOW_FIELDS, "window.");
            String type = apply("window.type", () -> requiredText(w, "type"));
            Duration size = apply("window.size", () -> parseDuration(requiredText(w, "size")));
            if (type == null || size == null) {
                return null;
            }
            switch (type) {
                case "tumbling":
                    if (w.has("slide")) {
                        problem("window.slide", "a tumbling window has no slide: remove it or use type hopping");
                        return null;
                    }
                    return apply("window.size", () -> KpiWindow.tumbling(size));
                case "hopping": {
                    Duration slide = apply("window.slide", () -> parseDuration(requiredText(w, "slide")));
                    return slide == null ? null : apply("window.slide", () -> KpiWindow.hopping(size, slide));
                }
                default:
                    problem("window.type", "'" + type + "' is not a window type: use tumbling or hopping");
                    return null;
            }
        }

        private boolean mapping(JsonNode n, String field) {
            if (n == null || !n.isObject()) {
                problem(field, "must be a mapping of fields");
                return false;
            }
            return true;
        }

        private void unknownFields(JsonNode n, Set<String> known, String prefix) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    problem(prefix + f, "unknown field: remove it or use one of "
                            + new java.util.TreeSet<>(known));
                }
            }
        }

        private <T> T apply(String field, Supplier<T> step) {
            try {
                return step.get();
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
                return null;
            }
        }

        private void apply(String field, Runnable step) {
            apply(field, () -> {
                step.run();
                return Boolean.TRUE;
            });
        }

        private void problem(String field, String message) {
            problems.add(new Problem(file, id, field, message));
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("required field is missing");
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException("must be a non-empty text, got " + v);
        }
        return v.asText();
    }

    private static java.util.Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("must be a text, got " + v);
        }
        return java.util.Optional.of(v.asText());
    }

    private static String scalar(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new IllegalArgumentException("must be a single value, got " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode v, String field) {
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return v.asDouble();
    }
}
