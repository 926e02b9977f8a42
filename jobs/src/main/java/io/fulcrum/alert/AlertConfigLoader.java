package io.fulcrum.alert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fulcrum.config.DurationFormat;
import io.fulcrum.kpi.KpiDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads {@code alerts.yaml}: per KPI the detectors and their parameters, the lifecycle, mute windows and snoozes.
 * Every parameter not given keeps the default documented on its class; unknown fields are errors, so a typo never
 * falls back to a default silently. Every error names the file, the field and the fix.
 *
 * <pre>{@code
 * alerts:
 *   otif:                                   # a KPI id from the KPI definitions
 *     thresholds: {warning: 0.95, critical: 0.90}   # default: the KPI definition's thresholds
 *     robust: {}                            # present = enabled; {} = defaults
 *     seasonal: {period: 7d, seasons: 4}
 *     ewma: {l: 3.5}
 *     lifecycle: {openAfter: 2, resolveAfter: 3, flapWindow: 10, flapChanges: 4}
 *     revisionHorizon: 24                   # default: covers the KPI's allowed lateness, at least 24
 *     guardrail: true
 * silences:
 *   - {kpi: otif, object: DE-FR, rule: "*", from: 2026-01-05T00:00:00Z, until: 2026-01-06T00:00:00Z, reason: works}
 * idleRetention: 35d
 * }</pre>
 * {@code direction} may be given per KPI ({@code higher-is-better}, {@code lower-is-better},
 * {@code closer-to-target-is-better}, the last with {@code thresholds.target}); otherwise it is the definition's.
 */
public final class AlertConfigLoader {

    public static final String FILE_NAME = "alerts.yaml";

    private static final Set<String> TOP = Set.of("alerts", "silences", "idleRetention");
    private static final Set<String> KPI = Set.of("direction", "thresholds", "robust", "seasonal", "ewma",
            "lifecycle", "revisionHorizon", "guardrail");
    private static final Set<String> THRESHOLDS = Set.of("warning", "critical", "target");
    private static final Set<String> ROBUST = Set.of("windows", "minWindows", "k", "criticalK");
    private static final Set<String> SEASONAL = Set.of("period", "seasons", "minSeasons", "scaleWindows", "k",
            "criticalK");
    private static final Set<String> EWMA = Set.of("baselineWindows", "minBaselineWindows", "spanWindows", "lambda",
            "l", "criticalL");
    private static final Set<String> LIFECYCLE = Set.of("openAfter", "resolveAfter", "flapWindow", "flapChanges");
    private static final Set<String> SILENCE = Set.of("kpi", "object", "rule", "from", "until", "reason");

    private final Path file;

    private AlertConfigLoader(Path file) {
        this.file = file;
    }

    /**
     * Loads {@code <directory>/alerts.yaml}; without the file, no KPI alerts.
     *
     * @param definitions the KPI definitions by id
     * @throws AlertConfigurationException naming the file and field of the first problem and its fix
     */
    public static AlertConfig load(Path directory, Map<String, KpiDefinition> definitions) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return AlertConfig.builder().build();
        }
        JsonNode root;
        try {
            root = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                    .readTree(file.toFile());
        } catch (IOException e) {
            throw new AlertConfigurationException(file, "(file)", "is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new AlertConfigurationException(file, "(file)", "must be a YAML mapping with sections " + TOP);
        }
        return new AlertConfigLoader(file).parse(root, definitions);
    }

    private AlertConfig parse(JsonNode root, Map<String, KpiDefinition> definitions) {
        fields(root, "", TOP);
        AlertConfig.Builder config = AlertConfig.builder();
        JsonNode alerts = root.path("alerts");
        for (Iterator<Map.Entry<String, JsonNode>> it = alerts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String kpiId = e.getKey();
            KpiDefinition definition = definitions.get(kpiId);
            if (definition == null) {
                throw problem("alerts." + kpiId, "KPI '" + kpiId + "' is not defined; use one of "
                        + definitions.keySet().stream().sorted().toList() + " or define it in kpis/");
            }
            config.policy(policy(kpiId, definition, e.getValue()));
        }
        JsonNode silences = root.path("silences");
        for (int i = 0; i < silences.size(); i++) {
            config.silence(silence("silences[" + i + "]", silences.get(i)));
        }
        if (root.has("idleRetention")) {
            Duration retention = duration(root.get("idleRetention"), "idleRetention");
            apply("idleRetention", () -> config.idleRetention(retention));
        }
        return apply("(file)", config::build);
    }

    private AlertPolicy policy(String kpiId, KpiDefinition definition, JsonNode node) {
        String at = "alerts." + kpiId;
        fields(node, at + ".", KPI);
        boolean ownThresholds = node.has("thresholds");
        AlertPolicy.Builder b = ownThresholds
                ? AlertPolicy.builder(definitionWithoutThresholds(definition))
                : AlertPolicy.builder(definition);
        if (node.has("direction")) {
            String text = node.get("direction").asText();
            Direction direction;
            switch (text) {
                case "higher-is-better": direction = Direction.HIGHER_IS_BETTER; break;
                case "lower-is-better": direction = Direction.LOWER_IS_BETTER; break;
                case "closer-to-target-is-better": direction = Direction.CLOSER_TO_TARGET_IS_BETTER; break;
                default: throw problem(at + ".direction", "'" + text + "' is not known: use higher-is-better, "
                        + "lower-is-better or closer-to-target-is-better");
            }
            b.direction(direction);
        }
        if (ownThresholds) {
            JsonNode t = node.get("thresholds");
            fields(t, at + ".thresholds.", THRESHOLDS);
            ThresholdDetector d = ThresholdDetector.none();
            if (t.has("warning")) {
                d = d.withWarning(number(t, "warning", at + ".thresholds"));
            }
            if (t.has("critical")) {
                d = d.withCritical(number(t, "critical", at + ".thresholds"));
            }
            if (t.has("target")) {
                d = d.withTarget(number(t, "target", at + ".thresholds"));
            }
            b.detector(d);
        }
        if (node.has("robust")) {
            JsonNode r = node.get("robust");
            String p = at + ".robust";
            fields(r, p + ".", ROBUST);
            b.detector(apply(p, () -> {
                RobustBaselineDetector d = RobustBaselineDetector.withDefaults();
                d = r.has("windows") ? d.withWindows(whole(r, "windows", p)) : d;
                d = r.has("minWindows") ? d.withMinWindows(whole(r, "minWindows", p)) : d;
                d = r.has("k") ? d.withK(number(r, "k", p)) : d;
                return r.has("criticalK") ? d.withCriticalK(number(r, "criticalK", p)) : d;
            }));
        }
        if (node.has("seasonal")) {
            JsonNode s = node.get("seasonal");
            String p = at + ".seasonal";
            fields(s, p + ".", SEASONAL);
            b.detector(apply(p, () -> {
                SeasonalBaselineDetector d = SeasonalBaselineDetector.withDefaults();
                d = s.has("period") ? d.withPeriod(duration(s.get("period"), p + ".period")) : d;
                d = s.has("seasons") ? d.withSeasons(whole(s, "seasons", p)) : d;
                d = s.has("minSeasons") ? d.withMinSeasons(whole(s, "minSeasons", p)) : d;
                d = s.has("scaleWindows") ? d.withScaleWindows(whole(s, "scaleWindows", p)) : d;
                d = s.has("k") ? d.withK(number(s, "k", p)) : d;
                return s.has("criticalK") ? d.withCriticalK(number(s, "criticalK", p)) : d;
            }));
        }
        if (node.has("ewma")) {
            JsonNode w = node.get("ewma");
            String p = at + ".ewma";
            fields(w, p + ".", EWMA);
            b.detector(apply(p, () -> {
                EwmaDetector d = EwmaDetector.withDefaults();
                d = w.has("baselineWindows") ? d.withBaselineWindows(whole(w, "baselineWindows", p)) : d;
                d = w.has("minBaselineWindows") ? d.withMinBaselineWindows(whole(w, "minBaselineWindows", p)) : d;
                d = w.has("spanWindows") ? d.withSpanWindows(whole(w, "spanWindows", p)) : d;
                d = w.has("lambda") ? d.withLambda(number(w, "lambda", p)) : d;
                d = w.has("l") ? d.withL(number(w, "l", p)) : d;
                return w.has("criticalL") ? d.withCriticalL(number(w, "criticalL", p)) : d;
            }));
        }
        if (node.has("lifecycle")) {
            JsonNode l = node.get("lifecycle");
            String p = at + ".lifecycle";
            fields(l, p + ".", LIFECYCLE);
            b.lifecycle(apply(p, () -> {
                AlertLifecycle d = AlertLifecycle.withDefaults();
                d = l.has("openAfter") ? d.withOpenAfter(whole(l, "openAfter", p)) : d;
                d = l.has("resolveAfter") ? d.withResolveAfter(whole(l, "resolveAfter", p)) : d;
                if (l.has("flapWindow") || l.has("flapChanges")) {
                    d = d.withFlapping(l.has("flapWindow") ? whole(l, "flapWindow", p) : d.flapWindow(),
                            l.has("flapChanges") ? whole(l, "flapChanges", p) : d.flapChanges());
                }
                return d;
            }));
        }
        if (node.has("revisionHorizon")) {
            int horizon = whole(node, "revisionHorizon", at);
            apply(at + ".revisionHorizon", () -> b.revisionHorizon(horizon));
        }
        if (node.has("guardrail")) {
            if (!node.get("guardrail").isBoolean()) {
                throw problem(at + ".guardrail", "'" + node.get("guardrail").asText() + "' must be true or false");
            }
            b.guardrail(node.get("guardrail").asBoolean());
        }
        return apply(at, b::build);
    }

    /** Thresholds given in alerts.yaml replace the definition's rather than adding a second threshold rule. */
    private static KpiDefinition definitionWithoutThresholds(KpiDefinition d) {
        return KpiDefinition.builder().id(d.id()).name(d.name()).description(d.description()).unit(d.unit())
                .objectType(d.objectType()).filter(d.filter()).aggregation(d.aggregation()).window(d.window())
                .allowedLateness(d.allowedLateness()).direction(d.direction()).build();
    }

    private AlertSilence silence(String at, JsonNode node) {
        if (!node.isObject()) {
            throw problem(at, "must be a mapping with fields " + SILENCE);
        }
        fields(node, at + ".", SILENCE);
        for (String required : new String[] {"from", "until", "reason"}) {
            if (!node.hasNonNull(required)) {
                throw problem(at + "." + required, "is missing; a silence needs from, until (ISO-8601 instants) "
                        + "and a reason");
            }
        }
        Instant from = instant(node, "from", at);
        Instant until = instant(node, "until", at);
        return apply(at, () -> AlertSilence.of(node.path("kpi").asText(AlertSilence.ANY),
                node.path("object").asText(AlertSilence.ANY), node.path("rule").asText(AlertSilence.ANY), from, until,
                node.get("reason").asText()));
    }

    private void fields(JsonNode node, String prefix, Set<String> allowed) {
        if (!node.isObject()) {
            throw problem(prefix.isEmpty() ? "(file)" : prefix.substring(0, prefix.length() - 1),
                    "must be a mapping with fields " + allowed.stream().sorted().toList());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw problem(prefix + f, "unknown field; allowed here: " + allowed.stream().sorted().toList());
            }
        }
    }

    private double number(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (!v.isNumber()) {
            throw problem(at + "." + name, "'" + v.asText() + "' must be a number");
        }
        return v.asDouble();
    }

    private int whole(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (!v.isInt()) {
            throw problem(at + "." + name, "'" + v.asText() + "' must be a whole number");
        }
        return v.asInt();
    }

    private Duration duration(JsonNode node, String at) {
        try {
            return DurationFormat.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw problem(at, e.getMessage());
        }
    }

    private Instant instant(JsonNode node, String name, String at) {
        try {
            return Instant.parse(node.get(name).asText());
        } catch (DateTimeParseException e) {
            throw problem(at + "." + name, "'" + node.get(name).asText() + "' is not an ISO-8601 instant; write e.g. "
                    + "2026-01-05T00:00:00Z");
        }
    }

    /** Runs a builder step and turns its IllegalArgumentException into an error naming the file and field. */
    private <T> T apply(String at, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw problem(at, e.getMessage());
        }
    }

    private AlertConfigurationException problem(String field, String message) {
        return new AlertConfigurationException(file, field, message);
    }
}
