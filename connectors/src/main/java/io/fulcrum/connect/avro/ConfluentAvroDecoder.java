package io.fulcrum.connect.avro;

import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryException;
import io.fulcrum.connect.registry.UnsupportedSchemaException;
import io.fulcrum.schema.DeadLetterReason;
import java.io.EOFException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes Confluent wire-format messages into records of an {@link AvroRecordFormat}, resolving the writer
 * schema by its id in the registry and reading it into the reader schema (schema evolution).
 *
 * <p>Written here rather than on flink-avro's {@code RegistryAvroDeserializationSchema} because Fulcrum needs
 * each failure classified as a {@link DeadLetterReason}, the writer/reader compatibility checked once per writer
 * id (not discovered half-way through a record), and a cache-hit path that does no per-record resolver lookup.
 *
 * <p>Not thread-safe: one decoder per task. Problems of the message throw {@link UndecodableRecordException};
 * a registry that cannot be reached throws {@link SchemaRegistryException}, which is not the record's fault and
 * should fail (and restart) the job rather than dead-letter good records.
 *
 * @param <T> the record type
 */
public final class ConfluentAvroDecoder<T> {

  private final AvroRecordFormat<T> format;
  private final SchemaRegistryClient registry;
  private final Schema readerSchema;
  private final Map<Integer, WriterSchema<T>> writers = new HashMap<>();
  private BinaryDecoder decoder;
  private final BoundedDecoder bounded = new BoundedDecoder();

  /** A writer schema id's reader, or why its data cannot be read. */
  private record WriterSchema<T>(DatumReader<T> reader, String mismatch) {}

  public ConfluentAvroDecoder(AvroRecordFormat<T> format, SchemaRegistryClient registry) {
    this.format = Objects.requireNonNull(format, "format can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    this.readerSchema = format.readerSchema();
  }

  /** Decodes one message. */
  public T decode(byte[] message) throws UndecodableRecordException {
    if (message == null) {
      throw new UndecodableRecordException(DeadLetterReason.INVALID_RECORD,
          "the record has no value (a tombstone); Fulcrum topics of " + readerSchema.getFullName()
              + " carry no deletions", null);
    }
    if (message.length == 0 || message[0] != ConfluentWireFormat.MAGIC_BYTE) {
      throw new UndecodableRecordException(DeadLetterReason.WRONG_MAGIC_BYTE, message.length == 0
          ? "the value is empty, expected the Confluent wire format (magic byte 0, schema id, Avro)"
          : "the value starts with byte " + message[0] + ", expected the Confluent wire-format magic byte 0", null);
    }
    if (message.length < ConfluentWireFormat.HEADER_LENGTH) {
      throw new UndecodableRecordException(DeadLetterReason.TRUNCATED, "the value has " + message.length
          + " bytes, fewer than the 5-byte wire-format header", null);
    }
    int id = ConfluentWireFormat.schemaId(message);
    WriterSchema<T> writer = writers.get(id);
    if (writer == null) {
      writer = resolve(id);
      writers.put(id, writer);
    }
    if (writer.mismatch() != null) {
      throw new UndecodableRecordException(DeadLetterReason.SCHEMA_MISMATCH, writer.mismatch(), null);
    }
    int length = message.length - ConfluentWireFormat.HEADER_LENGTH;
    decoder = DecoderFactory.get().binaryDecoder(message, ConfluentWireFormat.HEADER_LENGTH, length, decoder);
    T record;
    try {
      record = writer.reader().read(null, bounded.reset(decoder));
    } catch (EOFException e) {
      throw new UndecodableRecordException(DeadLetterReason.TRUNCATED, "the Avro payload (" + length
          + " bytes, writer schema id " + id + ") ends before the record does"
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (java.io.IOException | RuntimeException e) {
      // Corrupt bytes surface as any of AvroRuntimeException, IOException, ArrayIndexOutOfBounds,
      // NegativeArraySize, ... depending on where the decoder trips.
      throw new UndecodableRecordException(DeadLetterReason.CORRUPT_PAYLOAD, "the Avro payload (" + length
          + " bytes) is not a valid record of writer schema id " + id + ": " + e, e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new UndecodableRecordException(DeadLetterReason.CORRUPT_PAYLOAD, "the Avro payload (" + length
            + " bytes) has bytes left after the record of writer schema id " + id, null);
      }
    } catch (java.io.IOException e) {
      throw new UndecodableRecordException(DeadLetterReason.CORRUPT_PAYLOAD, "cannot check the end of the Avro "
          + "payload of writer schema id " + id + ": " + e, e);
    }
    return record;
  }

  private WriterSchema<T> resolve(int id) throws UndecodableRecordException {
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(id);
    } catch (UnsupportedSchemaException e) {
      return new WriterSchema<>(null, "writer schema id " + id + " is unusable: " + e.getMessage());
    } catch (SchemaRegistryException e) {
      if (e.isSchemaNotFound()) {
        // Not cached: the id may yet be registered (e.g. a registry restored from backup).
        throw new UndecodableRecordException(DeadLetterReason.UNKNOWN_SCHEMA_ID,
            "the registry has no schema with id " + id + " (" + e.getMessage() + ")", e);
      }
      throw e;
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      String problems = compatibility.getResult().getIncompatibilities().stream()
          .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
          .collect(Collectors.joining("; "));
      return new WriterSchema<>(null, "data written with schema id " + id + " (" + writerSchema.getFullName()
          + ") cannot be read as " + readerSchema.getFullName() + ": " + problems);
    }
    return new WriterSchema<>(format.datumReader(writerSchema), null);
  }
}
