package io.fulcrum.connect.source;

import static io.fulcrum.connect.source.DefinitionNode.optional;
import static io.fulcrum.connect.source.DefinitionNode.required;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one source definition from a YAML file (see the connectors README for the keys and complete examples).
 * Every problem is an {@link InvalidSourceDefinitionException} naming the file, the line and the key.
 */
public final class SourceDefinitionFile {

  private static final Set<String> TOP_KEYS = Set.of("name", "topic", "topicPattern", "subject", "format",
      "columns", "delimiter", "eventType", "eventTime", "eventId", "objects", "measures", "attributes", "filter");

  private SourceDefinitionFile() {}

  /** Reads the definition in {@code file}. */
  public static SourceDefinition read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read source definition " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Reads a definition from YAML text; {@code file} names it in errors. */
  public static SourceDefinition parse(String yaml, String file) {
    Node root;
    try (Reader reader = new StringReader(yaml)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      throw new InvalidSourceDefinitionException(new DeclaredAt(file, line), "(syntax)", "not valid YAML: "
          + e.getProblem() + ": fix the indentation or quoting there", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null) {
      throw new InvalidSourceDefinitionException(new DeclaredAt(file, 1), "(file)", "the file is empty: "
          + "write a source definition (see connectors/README.md)");
    }
    return definition(new DefinitionNode(root, file, ""));
  }

  private static SourceDefinition definition(DefinitionNode root) {
    Map<String, DefinitionNode> top = root.entries(TOP_KEYS);
    SourceDefinition.Builder b = SourceDefinition.builder(root.at());
    set(required(top, root, "name", "name: tms-eu"), n -> b.name(n.text()));
    optional(top, "topic").ifPresent(n -> set(n, v -> b.topic(v.text())));
    optional(top, "topicPattern").ifPresent(n -> set(n, v -> b.topicPattern(v.text())));
    optional(top, "subject").ifPresent(n -> set(n, v -> b.subject(v.text())));
    DefinitionNode format = required(top, root, "format", "format: json");
    b.format(SourceFormat.ofYamlName(format.text()).orElseThrow(() -> format.fail("format '" + format.text()
        + "' is unknown: use one of " + SourceFormat.yamlNames())));
    optional(top, "columns").ifPresent(n -> n.items().forEach(c -> set(c, v -> b.column(v.text()))));
    optional(top, "delimiter").ifPresent(n -> set(n, v -> {
      if (v.text().length() != 1) {
        throw new IllegalArgumentException("delimiter '" + v.text() + "' is not one character: write e.g. ';'");
      }
      b.delimiter(v.text().charAt(0));
    }));
    optional(top, "eventType").ifPresent(n -> b.eventType(eventType(n)));
    optional(top, "eventTime").ifPresent(n -> b.eventTime(eventTime(n)));
    optional(top, "eventId").ifPresent(n -> {
      Map<String, DefinitionNode> id = n.entries(Set.of("fields"));
      required(id, n, "fields", "fields: [shipmentId]").items().forEach(f -> b.eventIdField(path(f)));
    });
    optional(top, "objects").ifPresent(n -> {
      Map<String, DefinitionNode> objects = n.entries(Set.of("primary", "related"));
      b.primaryObject(object(required(objects, n, "primary", "primary: {type: route, field: lane.code}")));
      optional(objects, "related").ifPresent(r -> r.items().forEach(o -> set(o, v -> b.relatedObject(object(v)))));
    });
    optional(top, "measures").ifPresent(n -> n.entries().forEach((name, m) -> set(m, v -> b.measure(measure(name,
        v)))));
    optional(top, "attributes").ifPresent(n -> n.entries().forEach((name, a) -> set(a, v -> b.attribute(
        new AttributeMapping(name, path(v))))));
    optional(top, "filter").ifPresent(n -> {
      Map<String, DefinitionNode> filter = n.entries(Set.of("skip"));
      required(filter, n, "skip", "skip: [{field: status, in: [CANCELLED]}]").items()
          .forEach(rule -> set(rule, v -> b.skip(skipRule(v))));
    });
    return b.build();
  }

  private static EventTypeMapping eventType(DefinitionNode n) {
    Map<String, DefinitionNode> e = n.entries(Set.of("constant", "field"));
    if (e.containsKey("constant") == e.containsKey("field")) {
      throw n.fail("give either a constant or a field: eventType: {constant: shipment_delivered} or "
          + "eventType: {field: status}");
    }
    if (e.containsKey("constant")) {
      DefinitionNode c = e.get("constant");
      return with(c, () -> EventTypeMapping.constant(c.text()));
    }
    return EventTypeMapping.field(path(e.get("field")));
  }

  private static EventTimeMapping eventTime(DefinitionNode n) {
    Map<String, DefinitionNode> e = n.entries(Set.of("field", "form", "pattern", "zone"));
    FieldPath field = path(required(e, n, "field", "field: deliveredAt"));
    DefinitionNode formNode = required(e, n, "form", "form: iso-8601");
    TimeForm form = TimeForm.ofYamlName(formNode.text()).orElseThrow(() -> formNode.fail("form '"
        + formNode.text() + "' is unknown: use one of " + TimeForm.yamlNames()));
    String pattern = optional(e, "pattern").map(DefinitionNode::text).orElse(null);
    ZoneId zone = optional(e, "zone").map(z -> with(z, () -> {
      try {
        return ZoneId.of(z.text());
      } catch (DateTimeException ex) {
        throw new IllegalArgumentException("zone '" + z.text() + "' is unknown: write a region id like "
            + "'Europe/Berlin' or an offset like '+01:00'", ex);
      }
    })).orElse(null);
    DefinitionNode blame = optional(e, "pattern").orElse(optional(e, "zone").orElse(formNode));
    return with(blame, () -> new EventTimeMapping(field, form, pattern, zone));
  }

  private static ObjectMapping object(DefinitionNode n) {
    Map<String, DefinitionNode> o = n.entries(Set.of("type", "field"));
    String type = required(o, n, "type", "type: sku").text();
    FieldPath id = path(required(o, n, "field", "field: item.sku"));
    return with(n, () -> new ObjectMapping(type, id));
  }

  private static MeasureMapping measure(String name, DefinitionNode n) {
    if (n.isScalar()) {
      return new MeasureMapping(name, path(n), 1, null);
    }
    Map<String, DefinitionNode> m = n.entries(Set.of("field", "scale", "default"));
    FieldPath field = path(required(m, n, "field", "field: quantityDelivered"));
    double scale = optional(m, "scale").map(SourceDefinitionFile::scale).orElse(1.0);
    Double defaultValue = optional(m, "default").map(DefinitionNode::number).orElse(null);
    return new MeasureMapping(name, field, scale, defaultValue);
  }

  /** A factor, or a conversion between time units written {@code <unit>-><unit>} (e.g. seconds->hours). */
  private static double scale(DefinitionNode n) {
    String text = n.text().trim();
    int arrow = text.indexOf("->");
    if (arrow < 0) {
      double factor = n.number();
      if (factor == 0) {
        throw n.fail("scale 0 would make every value 0: write a non-zero factor or a conversion like "
            + "seconds->hours");
      }
      return factor;
    }
    ChronoUnit from = unit(n, text.substring(0, arrow).trim());
    ChronoUnit to = unit(n, text.substring(arrow + 2).trim());
    return from.getDuration().toNanos() / (double) to.getDuration().toNanos();
  }

  private static ChronoUnit unit(DefinitionNode n, String name) {
    for (ChronoUnit unit : List.of(ChronoUnit.MILLIS, ChronoUnit.SECONDS, ChronoUnit.MINUTES, ChronoUnit.HOURS,
        ChronoUnit.DAYS, ChronoUnit.WEEKS)) {
      if (unit.name().toLowerCase(Locale.ROOT).equals(name)) {
        return unit;
      }
    }
    throw n.fail("time unit '" + name + "' is unknown: use millis, seconds, minutes, hours, days or weeks, e.g. "
        + "scale: seconds->hours");
  }

  private static SkipRule skipRule(DefinitionNode n) {
    Map<String, DefinitionNode> r = n.entries(Set.of("field", "in"));
    FieldPath field = path(required(r, n, "field", "field: status"));
    List<String> values = required(r, n, "in", "in: [CANCELLED]").items().stream().map(DefinitionNode::text)
        .toList();
    return new SkipRule(field, values);
  }

  private static FieldPath path(DefinitionNode n) {
    return with(n, () -> FieldPath.parse(n.text(), n.at()));
  }

  /** Runs a builder step, turning its IllegalArgumentException into an error at {@code n}'s line and key. */
  private static <T> T with(DefinitionNode n, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw n.fail(e.getMessage(), e);
    }
  }

  private static void set(DefinitionNode n, Consumer<DefinitionNode> step) {
    with(n, () -> {
      step.accept(n);
      return null;
    });
  }
}
