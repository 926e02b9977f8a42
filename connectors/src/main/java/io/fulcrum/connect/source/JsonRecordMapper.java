package io.fulcrum.connect.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.schema.OperationalEvent;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Maps JSON object records: each field path compiled once into a JSON pointer. */
final class JsonRecordMapper implements RecordMapper {

  private final ObjectMapper json = new ObjectMapper();
  private final EventAssembler<JsonNode> assembler;

  JsonRecordMapper(SourceDefinition definition) {
    this.assembler = new EventAssembler<>(definition, JsonRecordMapper::accessor, false);
  }

  private static FieldAccessor<JsonNode> accessor(FieldPath path, FieldUse use, String role) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : path.segments()) {
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    JsonPointer compiled = JsonPointer.compile(pointer.toString());
    return node -> {
      JsonNode value = node.at(compiled);
      if (value.isMissingNode() || value.isNull()) {
        return null;
      }
      if (value.isTextual()) {
        return value.textValue();
      }
      if (value.isNumber()) {
        return value.numberValue();
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      return value; // an object or array: a structured value
    };
  }

  @Override
  public Optional<OperationalEvent> map(ConsumerRecord<byte[], byte[]> record) throws UnmappableRecordException {
    byte[] value = record.value();
    if (value == null) {
      throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the record has no value (a tombstone), "
          + "expected a JSON object");
    }
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (IOException e) {
      throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the value is not JSON: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the value is JSON but not an object"
          + (node == null ? " (empty)" : " (" + node.getNodeType().name().toLowerCase() + ")")
          + ", expected one event object per record");
    }
    return assembler.map(node, record);
  }
}
