package io.fulcrum.connect.source;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A source definition compiled for one record layout: builds an {@code OperationalEvent} from a decoded record
 * through pre-compiled {@link FieldAccessor}s. Not thread-safe (per task).
 *
 * @param <R> the decoded record type
 */
final class EventAssembler<R> {

  private final String source;
  private final boolean numbersAsText;
  private final String constantEventType;
  private final FieldAccessor<R> eventType;
  private final FieldPath eventTypePath;
  private final FieldAccessor<R> eventTime;
  private final FieldPath eventTimePath;
  private final EventTimeParser timeParser;
  private final List<FieldAccessor<R>> eventIdParts = new ArrayList<>();
  private final List<FieldPath> eventIdPaths;
  private final ObjectMapping primaryMapping;
  private final FieldAccessor<R> primaryId;
  private final List<ObjectMapping> relatedMappings;
  private final List<FieldAccessor<R>> relatedIds = new ArrayList<>();
  private final List<MeasureMapping> measureMappings;
  private final List<FieldAccessor<R>> measures = new ArrayList<>();
  private final List<AttributeMapping> attributeMappings;
  private final List<FieldAccessor<R>> attributes = new ArrayList<>();
  private final List<FieldAccessor<R>> skipFields = new ArrayList<>();
  private final List<Set<String>> skipValues = new ArrayList<>();

  /**
   * @param numbersAsText whether numbers are written as text (CSV), so text that parses is a number
   * @throws InvalidSourceDefinitionException when {@code compiler} rejects a field
   */
  EventAssembler(SourceDefinition definition, FieldCompiler<R> compiler, boolean numbersAsText) {
    this.source = definition.name();
    this.numbersAsText = numbersAsText;
    this.constantEventType = definition.eventType().constant().orElse(null);
    this.eventTypePath = definition.eventType().field().orElse(null);
    this.eventType = eventTypePath == null ? null : compiler.compile(eventTypePath, FieldUse.TEXT, "eventType.field");
    EventTimeMapping time = definition.eventTime();
    this.eventTimePath = time.field();
    boolean epoch = time.form() == TimeForm.EPOCH_MILLIS || time.form() == TimeForm.EPOCH_SECONDS;
    // CSV writes epoch numbers as text: a text field is fine there.
    this.eventTime = compiler.compile(time.field(), epoch && !numbersAsText ? FieldUse.EPOCH_TIME : FieldUse.TEXT,
        "eventTime.field");
    this.timeParser = new EventTimeParser(time);
    this.eventIdPaths = definition.eventIdFields();
    for (int i = 0; i < eventIdPaths.size(); i++) {
      eventIdParts.add(compiler.compile(eventIdPaths.get(i), FieldUse.ID, "eventId.fields[" + i + "]"));
    }
    this.primaryMapping = definition.primaryObject();
    this.primaryId = compiler.compile(primaryMapping.id(), FieldUse.ID, "objects.primary.field");
    this.relatedMappings = definition.relatedObjects();
    for (int i = 0; i < relatedMappings.size(); i++) {
      relatedIds.add(compiler.compile(relatedMappings.get(i).id(), FieldUse.ID, "objects.related[" + i + "].field"));
    }
    this.measureMappings = definition.measures();
    for (MeasureMapping m : measureMappings) {
      measures.add(compiler.compile(m.field(), FieldUse.NUMBER, "measures." + m.name()));
    }
    this.attributeMappings = definition.attributes();
    for (AttributeMapping a : attributeMappings) {
      attributes.add(compiler.compile(a.field(), FieldUse.SCALAR, "attributes." + a.name()));
    }
    List<SkipRule> rules = definition.skipRules();
    for (int i = 0; i < rules.size(); i++) {
      skipFields.add(compiler.compile(rules.get(i).field(), FieldUse.SCALAR, "filter.skip[" + i + "].field"));
      skipValues.add(new HashSet<>(rules.get(i).values()));
    }
  }

  /** Whether a skip rule matches the record. */
  boolean skips(R record) {
    for (int i = 0; i < skipFields.size(); i++) {
      String text = RawValues.text(skipFields.get(i).read(record));
      if (text != null && skipValues.get(i).contains(text)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The event of a record that no skip rule matches.
   *
   * @param origin the Kafka record it was decoded from: its coordinates are the event id when the definition names
   *     no id fields, its timestamp the ingestion time
   */
  OperationalEvent assemble(R record, ConsumerRecord<byte[], byte[]> origin) throws UnmappableRecordException {
    String type = constantEventType;
    if (type == null) {
      Object raw = eventType.read(record);
      if (raw == null) {
        throw UnmappableRecordException.of(MappingFailure.MISSING_EVENT_TYPE, "event type field '" + eventTypePath
            + "' is absent");
      }
      type = RawValues.text(raw);
      if (!(raw instanceof String) || type.isEmpty()) {
        throw wrongType("event type", eventTypePath, raw, "non-empty text");
      }
    }
    Object rawTime = eventTime.read(record);
    if (rawTime == null || "".equals(rawTime)) {
      throw UnmappableRecordException.of(MappingFailure.MISSING_EVENT_TIME, "event time field '" + eventTimePath
          + "' is absent");
    }
    long time = timeParser.epochMillis(rawTime);
    String id;
    if (eventIdParts.isEmpty()) {
      id = RecordMapper.derivedId(origin); // built only here: most sources name their id fields
    } else if (eventIdParts.size() == 1) {
      id = requiredIdPart(record, 0);
    } else {
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < eventIdParts.size(); i++) {
        joined.append(i == 0 ? "" : ":").append(requiredIdPart(record, i));
      }
      id = joined.toString();
    }
    BusinessObjectRef primary = object(record, primaryMapping, primaryId);
    List<BusinessObjectRef> related = new ArrayList<>(relatedIds.size());
    for (int i = 0; i < relatedIds.size(); i++) {
      related.add(object(record, relatedMappings.get(i), relatedIds.get(i)));
    }
    Map<String, Double> measureValues = new HashMap<>(capacity(measures.size()));
    for (int i = 0; i < measures.size(); i++) {
      MeasureMapping m = measureMappings.get(i);
      Double value = number(measures.get(i).read(record), m);
      if (value != null) {
        measureValues.put(m.name(), value * m.scale());
      } else if (m.defaultValue().isPresent()) {
        measureValues.put(m.name(), m.defaultValue().getAsDouble());
      }
    }
    Map<String, String> attributeValues = new HashMap<>(capacity(attributes.size()));
    for (int i = 0; i < attributes.size(); i++) {
      Object raw = attributes.get(i).read(record);
      if (raw != null) {
        String text = RawValues.text(raw);
        if (text == null) {
          throw wrongType("attribute '" + attributeMappings.get(i).name() + "'", attributeMappings.get(i).field(),
              raw, "a single value");
        }
        attributeValues.put(attributeMappings.get(i).name(), text);
      }
    }
    // The all-fields constructor: the generated builder deep-copies default values on every build(), a cost per
    // record for nothing, as every field is set here.
    return new OperationalEvent(id, source, type, Instant.ofEpochMilli(time), Instant.ofEpochMilli(RecordMapper.ingestionMillis(origin)),
        primary, related, measureValues, attributeValues);
  }

  /** A HashMap capacity that holds {@code entries} without resizing at the default load factor. */
  private static int capacity(int entries) {
    return (int) Math.ceil(entries / 0.75);
  }

  private String requiredIdPart(R record, int i) throws UnmappableRecordException {
    String part = id(eventIdParts.get(i).read(record), eventIdPaths.get(i), "event id");
    if (part == null) {
      throw UnmappableRecordException.of(MappingFailure.MISSING_EVENT_ID, "event id field '" + eventIdPaths.get(i)
          + "' is absent");
    }
    return part;
  }

  private BusinessObjectRef object(R record, ObjectMapping mapping, FieldAccessor<R> accessor)
      throws UnmappableRecordException {
    String id = id(accessor.read(record), mapping.id(), mapping.type() + " id");
    if (id == null) {
      throw UnmappableRecordException.of(MappingFailure.MISSING_OBJECT_ID, mapping.type() + " id field '"
          + mapping.id() + "' is absent or empty");
    }
    return new BusinessObjectRef(mapping.type(), id);
  }

  /** An id's text; null when absent or empty. */
  private static String id(Object raw, FieldPath path, String what) throws UnmappableRecordException {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String s) {
      return s.isEmpty() ? null : s;
    }
    if (raw instanceof Number n && (n.doubleValue() == Math.rint(n.doubleValue()))) {
      return RawValues.text(raw);
    }
    throw wrongType(what, path, raw, FieldUse.ID.expected());
  }

  /** A measure's unscaled value; null when absent. */
  private Double number(Object raw, MeasureMapping m) throws UnmappableRecordException {
    if (raw == null) {
      return null;
    }
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (numbersAsText && raw instanceof String s) {
      String text = s.trim();
      if (text.isEmpty()) {
        return null;
      }
      if (text.equals("true") || text.equals("false")) {
        return text.equals("true") ? 1.0 : 0.0;
      }
      try {
        double d = Double.parseDouble(text);
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw wrongType("measure '" + m.name() + "'", m.field(), raw, FieldUse.NUMBER.expected());
  }

  private static UnmappableRecordException wrongType(String what, FieldPath path, Object raw, String expected) {
    return UnmappableRecordException.of(MappingFailure.WRONG_TYPE, what + " field '" + path + "' holds "
        + RawValues.describe(raw) + ", expected " + expected);
  }

  /** The compiled layout's event, skipping none: for callers that checked {@link #skips} already. */
  Optional<OperationalEvent> map(R record, ConsumerRecord<byte[], byte[]> origin) throws UnmappableRecordException {
    return skips(record) ? Optional.empty() : Optional.of(assemble(record, origin));
  }
}
