package io.fulcrum.connect.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One value of a definition file with its key path and line, so every error can name both. SnakeYAML's composed
 * node graph keeps the position of each value, which a data-binding tree (Jackson's) drops.
 */
final class DefinitionNode {

  private final Node node;
  private final String file;
  private final String key;

  DefinitionNode(Node node, String file, String key) {
    this.node = node;
    this.file = file;
    this.key = key;
  }

  DeclaredAt at() {
    return new DeclaredAt(file, node.getStartMark().getLine() + 1);
  }

  /** The dotted key path of this value, e.g. {@code measures.lead_time_hours.scale}. */
  String key() {
    return key;
  }

  InvalidSourceDefinitionException fail(String problem) {
    return new InvalidSourceDefinitionException(at(), key, problem);
  }

  InvalidSourceDefinitionException fail(String problem, Throwable cause) {
    return new InvalidSourceDefinitionException(at(), key, problem, cause);
  }

  boolean isScalar() {
    return node instanceof ScalarNode;
  }

  boolean isMapping() {
    return node instanceof MappingNode;
  }

  String text() {
    if (!(node instanceof ScalarNode scalar)) {
      throw fail("expected a single value, found a " + kind() + ": write e.g. " + key + ": <value>");
    }
    return scalar.getValue();
  }

  double number() {
    String text = text();
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the fix
    }
    throw fail("value '" + text + "' is not a finite number: write e.g. 0 or 1.5");
  }

  List<DefinitionNode> items() {
    if (node instanceof ScalarNode) {
      return List.of(this); // a single value where a list is allowed: the list of it
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw fail("expected a list, found a " + kind() + ": write e.g. " + key + ": [a, b]");
    }
    List<DefinitionNode> items = new ArrayList<>();
    List<Node> values = sequence.getValue();
    for (int i = 0; i < values.size(); i++) {
      items.add(new DefinitionNode(values.get(i), file, key + "[" + i + "]"));
    }
    return items;
  }

  /** The entries of a mapping in file order; duplicate keys are an error (YAML would keep the last silently). */
  Map<String, DefinitionNode> entries() {
    if (!(node instanceof MappingNode mapping)) {
      throw fail("expected keys and values, found a " + kind() + ": write e.g. " + key + ": {name: value}");
    }
    Map<String, DefinitionNode> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new InvalidSourceDefinitionException(new DeclaredAt(file, tuple.getKeyNode().getStartMark().getLine()
            + 1), key, "a key is not a plain name: write keys as names");
      }
      String name = keyNode.getValue();
      String childKey = key.isEmpty() ? name : key + "." + name;
      DefinitionNode child = new DefinitionNode(tuple.getValueNode(), file, childKey);
      if (entries.put(name, child) != null) {
        throw new InvalidSourceDefinitionException(new DeclaredAt(file, keyNode.getStartMark().getLine() + 1),
            childKey, "'" + name + "' is given twice: keep one");
      }
    }
    return entries;
  }

  /** The entries, after checking that every key is one of {@code allowed} (catches typos like 'mesures'). */
  Map<String, DefinitionNode> entries(Set<String> allowed) {
    Map<String, DefinitionNode> entries = entries();
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      String name = ((ScalarNode) tuple.getKeyNode()).getValue();
      if (!allowed.contains(name)) {
        throw new InvalidSourceDefinitionException(new DeclaredAt(file, tuple.getKeyNode().getStartMark().getLine()
            + 1), entries.get(name).key, "unknown key '" + name + "': use one of " + new TreeSet<>(allowed));
      }
    }
    return entries;
  }

  static Optional<DefinitionNode> optional(Map<String, DefinitionNode> entries, String name) {
    return Optional.ofNullable(entries.get(name));
  }

  static DefinitionNode required(Map<String, DefinitionNode> entries, DefinitionNode parent, String name,
      String example) {
    DefinitionNode child = entries.get(name);
    if (child == null) {
      String path = parent.key.isEmpty() ? name : parent.key + "." + name;
      throw new InvalidSourceDefinitionException(parent.at(), path, "'" + name + "' is missing: add e.g. "
          + example);
    }
    return child;
  }

  private String kind() {
    return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "single value";
  }
}
