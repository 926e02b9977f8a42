package io.fulcrum.connect.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How one operational system's event stream maps onto {@code OperationalEvent}s: the topic and its format, and
 * where each part of an event (type, time, id, business objects, measures, attributes) is found in a record.
 * Usually read from a YAML file by {@link SourceDefinitionFile}; immutable and serializable, so it travels in a
 * Flink job graph and each task compiles it into a mapper of its own.
 *
 * <p>Required: name, topic or topic pattern, format, event type, event time, primary object; CSV also needs its
 * columns, an Avro source on a topic pattern the registry subject. Defaults: event ids derived from
 * topic/partition/offset, Avro subject {@code <topic>-value}, CSV delimiter comma.
 */
public final class SourceDefinition implements Serializable {

  private static final long serialVersionUID = 1L;

  private final DeclaredAt declaredAt;
  private final String name;
  private final String topic;
  private final String topicPattern;
  private final String subject;
  private final SourceFormat format;
  private final List<String> columns;
  private final char delimiter;
  private final EventTypeMapping eventType;
  private final EventTimeMapping eventTime;
  private final List<FieldPath> eventIdFields;
  private final ObjectMapping primaryObject;
  private final List<ObjectMapping> relatedObjects;
  private final List<MeasureMapping> measures;
  private final List<AttributeMapping> attributes;
  private final List<SkipRule> skipRules;

  private SourceDefinition(Builder b) {
    this.declaredAt = b.declaredAt;
    this.name = b.name;
    this.topic = b.topic;
    this.topicPattern = b.topicPattern;
    this.subject = b.subject != null ? b.subject : b.topic == null ? null : b.topic + "-value";
    this.format = b.format;
    this.columns = List.copyOf(b.columns);
    this.delimiter = b.delimiter;
    this.eventType = b.eventType;
    this.eventTime = b.eventTime;
    this.eventIdFields = List.copyOf(b.eventIdFields);
    this.primaryObject = b.primaryObject;
    this.relatedObjects = List.copyOf(b.relatedObjects);
    this.measures = List.copyOf(b.measures);
    this.attributes = List.copyOf(b.attributes);
    this.skipRules = List.copyOf(b.skipRules);
  }

  /** A builder for a definition declared at {@code declaredAt} (its file and first line). */
  public static Builder builder(DeclaredAt declaredAt) {
    return new Builder(Objects.requireNonNull(declaredAt, "declaredAt can't be null"));
  }

  public DeclaredAt declaredAt() {
    return declaredAt;
  }

  /** The source's name: written on every event it produces ({@code OperationalEvent.source}) and dead letter. */
  public String name() {
    return name;
  }

  /** The one topic read, unless the source reads a {@link #topicPattern()}. */
  public Optional<String> topic() {
    return Optional.ofNullable(topic);
  }

  /** The regular expression of the topics read, unless the source reads one {@link #topic()}. */
  public Optional<String> topicPattern() {
    return Optional.ofNullable(topicPattern);
  }

  /** The registry subject whose latest schema an Avro source is validated against. */
  public Optional<String> subject() {
    return format == SourceFormat.AVRO ? Optional.ofNullable(subject) : Optional.empty();
  }

  public SourceFormat format() {
    return format;
  }

  /** The column names of a CSV source, in order; empty for other formats. */
  public List<String> columns() {
    return columns;
  }

  /** The column delimiter of a CSV source. */
  public char delimiter() {
    return delimiter;
  }

  public EventTypeMapping eventType() {
    return eventType;
  }

  public EventTimeMapping eventTime() {
    return eventTime;
  }

  /** The fields whose values, joined by ':', are the event id; empty: derived from topic, partition, offset. */
  public List<FieldPath> eventIdFields() {
    return eventIdFields;
  }

  public ObjectMapping primaryObject() {
    return primaryObject;
  }

  public List<ObjectMapping> relatedObjects() {
    return relatedObjects;
  }

  public List<MeasureMapping> measures() {
    return measures;
  }

  public List<AttributeMapping> attributes() {
    return attributes;
  }

  public List<SkipRule> skipRules() {
    return skipRules;
  }

  /** The names of the measures every event of this source may carry, in declaration order. */
  public Set<String> measureNames() {
    Set<String> names = new LinkedHashSet<>();
    measures.forEach(m -> names.add(m.name()));
    return names;
  }

  /** Every field path the definition reads, for validation against a schema or a column list. */
  public List<FieldPath> fieldPaths() {
    List<FieldPath> paths = new ArrayList<>();
    eventType.field().ifPresent(paths::add);
    paths.add(eventTime.field());
    paths.addAll(eventIdFields);
    paths.add(primaryObject.id());
    relatedObjects.forEach(o -> paths.add(o.id()));
    measures.forEach(m -> paths.add(m.field()));
    attributes.forEach(a -> paths.add(a.field()));
    skipRules.forEach(r -> paths.add(r.field()));
    return paths;
  }

  @Override
  public String toString() {
    return "source '" + name + "' (" + format.yamlName() + " on " + (topic != null ? topic : "/" + topicPattern + "/")
        + ", " + declaredAt + ")";
  }

  /** Builds a {@link SourceDefinition}; setters check their value, {@link #build()} the combination. */
  public static final class Builder {
    private final DeclaredAt declaredAt;
    private final List<String> columns = new ArrayList<>();
    private final List<FieldPath> eventIdFields = new ArrayList<>();
    private final List<ObjectMapping> relatedObjects = new ArrayList<>();
    private final List<MeasureMapping> measures = new ArrayList<>();
    private final List<AttributeMapping> attributes = new ArrayList<>();
    private final List<SkipRule> skipRules = new ArrayList<>();
    private String name;
    private String topic;
    private String topicPattern;
    private String subject;
    private SourceFormat format;
    private char delimiter = ',';
    private EventTypeMapping eventType;
    private EventTimeMapping eventTime;
    private ObjectMapping primaryObject;

    private Builder(DeclaredAt declaredAt) {
      this.declaredAt = declaredAt;
    }

    public Builder name(String name) {
      if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException("source name '" + name + "' is not a name of letters, digits, '.', '_'"
            + " and '-': name it after the system, e.g. 'tms-eu'");
      }
      this.name = name;
      return this;
    }

    public Builder topic(String topic) {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("topic '" + topic + "' is blank: write the Kafka topic, e.g. "
            + "'tms.shipments'");
      }
      this.topic = topic;
      return this;
    }

    /** Reads every topic matching this regular expression (topics created later included). */
    public Builder topicPattern(String regex) {
      try {
        Pattern.compile(Objects.requireNonNull(regex, "topic pattern can't be null"));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("topic pattern '" + regex + "' is not a regular expression: "
            + e.getDescription() + " at index " + e.getIndex(), e);
      }
      this.topicPattern = regex;
      return this;
    }

    /** The registry subject of an Avro source's schema (default {@code <topic>-value}). */
    public Builder subject(String subject) {
      if (subject == null || subject.isBlank()) {
        throw new IllegalArgumentException("subject '" + subject + "' is blank: write e.g. 'qms.inspections-value'");
      }
      this.subject = subject;
      return this;
    }

    public Builder format(SourceFormat format) {
      this.format = Objects.requireNonNull(format, "format can't be null");
      return this;
    }

    public Builder column(String column) {
      if (column == null || column.isBlank()) {
        throw new IllegalArgumentException("column name '" + column + "' is blank: name every column");
      }
      if (columns.contains(column)) {
        throw new IllegalArgumentException("column '" + column + "' is listed twice: column names are unique");
      }
      columns.add(column);
      return this;
    }

    public Builder delimiter(char delimiter) {
      if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
        throw new IllegalArgumentException("delimiter '" + delimiter + "' is the quote or a line break: use e.g. "
            + "',' or ';'");
      }
      this.delimiter = delimiter;
      return this;
    }

    public Builder eventType(EventTypeMapping eventType) {
      this.eventType = Objects.requireNonNull(eventType, "eventType can't be null");
      return this;
    }

    public Builder eventTime(EventTimeMapping eventTime) {
      this.eventTime = Objects.requireNonNull(eventTime, "eventTime can't be null");
      return this;
    }

    public Builder eventIdField(FieldPath field) {
      eventIdFields.add(Objects.requireNonNull(field, "event id field can't be null"));
      return this;
    }

    public Builder primaryObject(ObjectMapping object) {
      this.primaryObject = Objects.requireNonNull(object, "primary object can't be null");
      return this;
    }

    public Builder relatedObject(ObjectMapping object) {
      relatedObjects.add(Objects.requireNonNull(object, "related object can't be null"));
      return this;
    }

    public Builder measure(MeasureMapping measure) {
      Objects.requireNonNull(measure, "measure can't be null");
      if (measures.stream().anyMatch(m -> m.name().equals(measure.name()))) {
        throw new IllegalArgumentException("measure '" + measure.name() + "' is mapped twice: map each once");
      }
      measures.add(measure);
      return this;
    }

    public Builder attribute(AttributeMapping attribute) {
      Objects.requireNonNull(attribute, "attribute can't be null");
      if (attributes.stream().anyMatch(a -> a.name().equals(attribute.name()))) {
        throw new IllegalArgumentException("attribute '" + attribute.name() + "' is mapped twice: map each once");
      }
      attributes.add(attribute);
      return this;
    }

    public Builder skip(SkipRule rule) {
      skipRules.add(Objects.requireNonNull(rule, "skip rule can't be null"));
      return this;
    }

    /**
     * @throws InvalidSourceDefinitionException naming the missing or contradicting field
     */
    public SourceDefinition build() {
      require(name != null, "name", "the source has no name: add e.g. name: tms-eu");
      String what = "source '" + name + "'";
      require(format != null, "format", what + " has no format: add format: " + SourceFormat.yamlNames());
      require(topic != null || topicPattern != null, "topic",
          what + " reads no topic: add topic: <name> or topicPattern: <regex>");
      require(topic == null || topicPattern == null, "topicPattern",
          what + " has both a topic and a topic pattern: keep one");
      require(eventType != null, "eventType", what + " has no event type: add eventType: {constant: <type>} or "
          + "eventType: {field: <path>}");
      require(eventTime != null, "eventTime", what + " has no event time: add eventTime: {field: <path>, form: "
          + TimeForm.yamlNames() + "}");
      require(primaryObject != null, "objects.primary",
          what + " names no primary business object: add objects: {primary: {type: <type>, field: <path>}}");
      if (format == SourceFormat.AVRO) {
        require(topic != null || subject != null, "subject", what + " reads Avro from a topic pattern: add "
            + "subject: <registry subject> to validate its fields against");
      } else {
        require(subject == null, "subject", what + " is " + format.yamlName() + ": a subject is only read for "
            + "avro sources; remove it");
      }
      SourceDefinition definition = new SourceDefinition(this);
      if (format == SourceFormat.CSV) {
        require(!columns.isEmpty(), "columns", what + " is csv without columns: list them in order, e.g. "
            + "columns: [order_id, sku, quantity]");
        for (FieldPath path : definition.fieldPaths()) {
          if (path.segments().size() != 1 || !columns.contains(path.text())) {
            throw new InvalidSourceDefinitionException(path.declaredAt(), "columns", what + " reads '" + path
                + "', which is not one of its columns " + columns + ": use a column name or add the column");
          }
        }
      } else {
        require(columns.isEmpty(), "columns", what + " is " + format.yamlName() + ": columns are only read for "
            + "csv sources; remove them");
      }
      return definition;
    }

    private void require(boolean condition, String field, String problem) {
      if (!condition) {
        throw new InvalidSourceDefinitionException(declaredAt, field, problem);
      }
    }
  }
}
