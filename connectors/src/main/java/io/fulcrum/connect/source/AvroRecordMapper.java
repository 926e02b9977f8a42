package io.fulcrum.connect.source;

import io.fulcrum.connect.avro.BoundedDecoder;
import io.fulcrum.connect.registry.SchemaRegistryException;
import io.fulcrum.connect.registry.UnsupportedSchemaException;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Maps Confluent wire-format Avro records by their writer schema, so no generated class and no reader schema are
 * needed and a field added to the source's schema later is read without a restart. The definition is compiled once
 * per writer schema id into a {@link ProjectedDatumReader} that decodes only the mapped fields.
 *
 * <p>Decodes itself rather than through {@code ConfluentAvroDecoder}, which reads every writer into one reader
 * schema: here each writer schema is its own reader, and the mapping, not a reader schema, decides which fields
 * matter. A field missing from an older writer schema reads as absent (its measure's default applies); a writer
 * schema whose field has a type the mapping cannot use dead-letters its records as {@code SCHEMA_MISMATCH}.
 */
final class AvroRecordMapper implements RecordMapper {

  private static final byte MAGIC_BYTE = 0;
  private static final int HEADER_LENGTH = 5;

  private final SourceDefinition definition;
  private final WriterSchemas writerSchemas;
  private final Map<Integer, Writer> writers = new HashMap<>();
  private BinaryDecoder decoder;
  /** Refuses length prefixes beyond the message, so a corrupt one is dead-lettered instead of exhausting memory. */
  private final BoundedDecoder bounded = new BoundedDecoder();

  /** A writer schema's reader and compiled mapping, or why its records cannot be mapped. */
  private record Writer(ProjectedDatumReader reader, EventAssembler<Object[]> assembler, String mismatch) {}

  AvroRecordMapper(SourceDefinition definition, WriterSchemas writerSchemas) {
    this.definition = definition;
    this.writerSchemas = writerSchemas;
  }

  @Override
  public Optional<OperationalEvent> map(ConsumerRecord<byte[], byte[]> record) throws UnmappableRecordException {
    byte[] message = record.value();
    if (message == null) {
      throw new UnmappableRecordException(DeadLetterReason.INVALID_RECORD, "the record has no value (a "
          + "tombstone), expected an Avro record", null);
    }
    if (message.length == 0 || message[0] != MAGIC_BYTE) {
      throw new UnmappableRecordException(DeadLetterReason.WRONG_MAGIC_BYTE, message.length == 0
          ? "the value is empty, expected the Confluent wire format (magic byte 0, schema id, Avro)"
          : "the value starts with byte " + message[0] + ", expected the Confluent wire-format magic byte 0", null);
    }
    if (message.length < HEADER_LENGTH) {
      throw new UnmappableRecordException(DeadLetterReason.TRUNCATED, "the value has " + message.length
          + " bytes, fewer than the 5-byte wire-format header", null);
    }
    int id = ((message[1] & 0xff) << 24) | ((message[2] & 0xff) << 16) | ((message[3] & 0xff) << 8)
        | (message[4] & 0xff);
    Writer writer = writers.get(id);
    if (writer == null) {
      writer = compile(id);
      writers.put(id, writer);
    }
    if (writer.mismatch() != null) {
      throw new UnmappableRecordException(DeadLetterReason.SCHEMA_MISMATCH, writer.mismatch(), null);
    }
    int length = message.length - HEADER_LENGTH;
    decoder = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, length, decoder);
    Object[] decoded;
    try {
      decoded = writer.reader().read(bounded.reset(decoder));
      if (!decoder.isEnd()) {
        throw new UnmappableRecordException(DeadLetterReason.CORRUPT_PAYLOAD, "the Avro payload (" + length
            + " bytes) has bytes left after the record of writer schema id " + id, null);
      }
    } catch (EOFException e) {
      throw new UnmappableRecordException(DeadLetterReason.TRUNCATED, "the Avro payload (" + length
          + " bytes, writer schema id " + id + ") ends before the record does"
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (IOException | RuntimeException e) {
      // Corrupt bytes surface as any of AvroRuntimeException, IOException, ArrayIndexOutOfBounds,
      // NegativeArraySize, ... depending on where the decoder trips.
      throw new UnmappableRecordException(DeadLetterReason.CORRUPT_PAYLOAD, "the Avro payload (" + length
          + " bytes) is not a valid record of writer schema id " + id + ": " + e, e);
    }
    return writer.assembler().map(decoded, record);
  }

  private Writer compile(int id) throws UnmappableRecordException {
    Schema schema;
    try {
      schema = writerSchemas.schemaById(id);
    } catch (UnsupportedSchemaException e) {
      return new Writer(null, null, "writer schema id " + id + " is unusable: " + e.getMessage());
    } catch (SchemaRegistryException e) {
      if (e.isSchemaNotFound()) {
        // Not cached: the id may yet be registered (e.g. a registry restored from backup).
        throw new UnmappableRecordException(DeadLetterReason.UNKNOWN_SCHEMA_ID,
            "the registry has no schema with id " + id + " (" + e.getMessage() + ")", e);
      }
      throw e; // the registry is unreachable: not the record's fault, fail and restart the job
    }
    if (schema.getType() != Schema.Type.RECORD) {
      return new Writer(null, null, "writer schema id " + id + " is a " + schema.getType() + ", expected a record");
    }
    try {
      AvroFieldCompiler fields = new AvroFieldCompiler(schema, "writer schema id " + id, false);
      EventAssembler<Object[]> assembler = new EventAssembler<>(definition, fields, false);
      return new Writer(fields.reader(), assembler, null);
    } catch (InvalidSourceDefinitionException e) {
      return new Writer(null, null, "records of writer schema id " + id + " (" + schema.getFullName()
          + ") cannot be mapped: " + e.problem());
    }
  }
}
