package io.fulcrum.impact;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fulcrum.config.DurationFormat;
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ExpectedDirection;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeScope;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiTarget;
import io.fulcrum.schema.ObjectSelector;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an initiative from a YAML file (format in the README, "Initiatives") and checks it against the KPI
 * definitions: every target must be a known KPI, and every object in scope must be of the type its target KPIs are
 * computed for, so the impact engine can find its series.
 */
public final class InitiativeFile {

    private static final Set<String> TOP = Set.of("id", "title", "owner", "status", "start", "end", "rampUp",
            "targets", "scope", "controls");
    private static final Set<String> TARGET = Set.of("kpi", "direction", "target");
    private static final Set<String> SCOPE = Set.of("objects", "selectors");
    private static final Set<String> OBJECT = Set.of("type", "id");
    private static final Set<String> SELECTOR = Set.of("objectType", "attributes");

    private final Path file;
    private final Map<String, KpiDefinition> kpis;

    private InitiativeFile(Path file, List<KpiDefinition> kpis) {
        this.file = file;
        this.kpis = kpis.stream().collect(Collectors.toMap(KpiDefinition::id, k -> k));
    }

    /**
     * Loads the initiative in {@code file}; {@code updatedAt} is now.
     *
     * @throws IllegalArgumentException naming the file, the field and the fix
     */
    public static Initiative load(Path file, List<KpiDefinition> kpis, Clock clock) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                    .readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the initiative: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": must be a YAML mapping with fields " + TOP);
        }
        return new InitiativeFile(file, kpis).parse(root, clock);
    }

    private Initiative parse(JsonNode root, Clock clock) {
        fields(root, "", TOP);
        List<KpiTarget> targets = new ArrayList<>();
        JsonNode t = list(root, "targets", true);
        for (int i = 0; i < t.size(); i++) {
            JsonNode n = t.get(i);
            String at = "targets[" + i + "]";
            fields(n, at + ".", TARGET);
            String kpi = text(n, at + ".kpi", true);
            if (!kpis.containsKey(kpi)) {
                throw problem(at + ".kpi", "unknown KPI '" + kpi + "'; known: " + kpis.keySet().stream().sorted()
                        .toList());
            }
            ExpectedDirection direction = enumValue(ExpectedDirection.class, text(n, at + ".direction", true),
                    at + ".direction");
            Double target = n.hasNonNull("target") ? n.get("target").asDouble() : null;
            if (direction == ExpectedDirection.TOWARDS_TARGET && target == null) {
                throw problem(at + ".target", "is required with direction towards-target");
            }
            targets.add(new KpiTarget(kpi, direction, target));
        }
        Set<String> objectTypes = targets.stream().map(k -> kpis.get(k.getKpiId()).objectType())
                .collect(Collectors.toSet());

        JsonNode scope = root.get("scope");
        if (scope == null || !scope.isObject()) {
            throw problem("scope", "is required: objects and/or selectors the initiative acts on");
        }
        fields(scope, "scope.", SCOPE);
        List<BusinessObjectRef> objects = objects(scope, "scope.objects", objectTypes);
        List<ObjectSelector> selectors = new ArrayList<>();
        JsonNode s = list(scope, "selectors", false);
        for (int i = 0; i < s.size(); i++) {
            String at = "scope.selectors[" + i + "]";
            fields(s.get(i), at + ".", SELECTOR);
            String type = text(s.get(i), at + ".objectType", true);
            checkType(at + ".objectType", type, objectTypes);
            Map<String, String> attributes = new LinkedHashMap<>();
            s.get(i).path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(),
                    e.getValue().asText()));
            selectors.add(new ObjectSelector(type, attributes));
        }
        if (objects.isEmpty() && selectors.isEmpty()) {
            throw problem("scope", "names no objects and no selectors: add scope.objects: [{type: ..., id: ...}]");
        }
        Instant start = instant(root, "start", true);
        Instant end = instant(root, "end", false);
        if (end != null && !end.isAfter(start)) {
            throw problem("end", "'" + end + "' is not after start '" + start + "'");
        }
        Duration rampUp = root.hasNonNull("rampUp") ? duration(root.get("rampUp").asText()) : null;
        return Initiative.newBuilder()
                .setInitiativeId(text(root, "id", true))
                .setTitle(text(root, "title", true))
                .setOwner(text(root, "owner", true))
                .setStatus(enumValue(InitiativeStatus.class, text(root, "status", true), "status"))
                .setTargetKpis(targets)
                .setScope(new InitiativeScope(objects, selectors))
                .setStartTime(start)
                .setEndTime(end)
                .setRampUpMillis(rampUp == null ? null : rampUp.toMillis())
                .setControlObjects(objects(root, "controls", objectTypes))
                .setUpdatedAt(clock.instant())
                .build();
    }

    private List<BusinessObjectRef> objects(JsonNode parent, String path, Set<String> objectTypes) {
        JsonNode list = list(parent, path.substring(path.lastIndexOf('.') + 1), false);
        List<BusinessObjectRef> objects = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            fields(list.get(i), at + ".", OBJECT);
            String type = text(list.get(i), at + ".type", true);
            checkType(at + ".type", type, objectTypes);
            objects.add(new BusinessObjectRef(type, text(list.get(i), at + ".id", true)));
        }
        return objects;
    }

    private void checkType(String field, String type, Set<String> objectTypes) {
        if (!objectTypes.contains(type)) {
            throw problem(field, "object type '" + type + "' is not what the target KPIs are computed for "
                    + objectTypes + "; name objects of that type, or target a KPI computed for '" + type + "'");
        }
    }

    private JsonNode list(JsonNode parent, String field, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw problem(field, "is required: a list");
            }
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!n.isArray() || required && n.isEmpty()) {
            throw problem(field, required ? "must be a non-empty list" : "must be a list");
        }
        return n;
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) {
        String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            E value = Enum.valueOf(type, name);
            if (!value.name().equals("UNKNOWN")) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the allowed values
        }
        throw problem(field, "'" + text + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                .filter(c -> !c.name().equals("UNKNOWN"))
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    private Instant instant(JsonNode root, String field, boolean required) {
        String text = text(root, field, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw problem(field, "'" + text + "' is not an ISO-8601 instant; write e.g. 2026-10-05T00:00:00Z");
        }
    }

    private Duration duration(String text) {
        try {
            return DurationFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw problem("rampUp", e.getMessage());
        }
    }

    private String text(JsonNode node, String path, boolean required) {
        JsonNode v = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw problem(path, "is required");
            }
            return null;
        }
        return v.asText().trim();
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

    private IllegalArgumentException problem(String field, String message) {
        return new IllegalArgumentException(file + ": field '" + field + "': " + message);
    }
}
