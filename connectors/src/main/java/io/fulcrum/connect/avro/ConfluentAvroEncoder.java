package io.fulcrum.connect.avro;

import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * Encodes records of an {@link AvroRecordFormat} in the Confluent wire format for one topic, registering (or
 * looking up) each record's schema under the subject its {@link SubjectNameStrategy} names. Ids are cached per
 * schema, so the registry is asked once per schema. Not thread-safe: one encoder per task.
 *
 * @param <T> the record type
 */
public final class ConfluentAvroEncoder<T> {

  private final AvroRecordFormat<T> format;
  private final SchemaRegistryClient registry;
  private final String topic;
  private final boolean isKey;
  private final SubjectNameStrategy subjectNameStrategy;
  private final boolean autoRegister;
  private final Map<Schema, Writer<T>> writers = new HashMap<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;

  private record Writer<T>(int id, DatumWriter<T> datumWriter) {}

  /**
   * @param autoRegister register unknown schemas (true) or require them to be registered already (false: a
   *     schema the subject lacks fails with registry error 40403)
   */
  public ConfluentAvroEncoder(AvroRecordFormat<T> format, SchemaRegistryClient registry, String topic,
      boolean isKey, SubjectNameStrategy subjectNameStrategy, boolean autoRegister) {
    this.format = Objects.requireNonNull(format, "format can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    this.topic = topic;
    this.isKey = isKey;
    this.subjectNameStrategy = Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy can't be null");
    this.autoRegister = autoRegister;
  }

  /** The wire-format bytes of a record. */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record can't be null: Fulcrum topics carry no tombstones");
    Schema schema = format.schemaOf(record);
    Writer<T> writer = writers.get(schema);
    if (writer == null) {
      String subject = subjectNameStrategy.subject(topic, isKey, schema);
      writer = new Writer<>(registry.idOf(subject, schema, autoRegister), format.datumWriter(schema));
      writers.put(schema, writer);
    }
    buffer.reset();
    byte[] header = new byte[ConfluentWireFormat.HEADER_LENGTH];
    ConfluentWireFormat.writeHeader(header, writer.id());
    buffer.write(header, 0, header.length);
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.datumWriter().write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a " + schema.getFullName() + " for topic " + topic, e);
    }
    return buffer.toByteArray();
  }
}
