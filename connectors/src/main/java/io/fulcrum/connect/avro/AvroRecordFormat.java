package io.fulcrum.connect.avro;

import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;

/**
 * The in-memory form of the Avro records a serde reads or writes: a generated (specific) class, or generic
 * records of a given reader schema. Serializable, so serdes built from it can travel in a Flink job graph.
 *
 * @param <T> the record type
 */
public abstract sealed class AvroRecordFormat<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private AvroRecordFormat() {}

  /** Records of a generated class, e.g. {@code AvroRecordFormat.specific(OperationalEvent.class)}. */
  public static <T extends SpecificRecordBase> AvroRecordFormat<T> specific(Class<T> recordClass) {
    return new Specific<>(Objects.requireNonNull(recordClass, "recordClass can't be null"));
  }

  /** Generic records, read with the given reader schema (writers may use older or newer versions of it). */
  public static AvroRecordFormat<GenericRecord> generic(Schema readerSchema) {
    Objects.requireNonNull(readerSchema, "readerSchema can't be null");
    if (readerSchema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("reader schema " + readerSchema.getFullName() + " is a "
          + readerSchema.getType() + ": Fulcrum topics carry records; pass a record schema");
    }
    return new Generic(readerSchema.toString());
  }

  /** The schema records are read into. */
  public abstract Schema readerSchema();

  /** Flink's type information for the records (Avro's own serializer, no Kryo). */
  public abstract TypeInformation<T> typeInformation();

  /** A reader of data written with {@code writerSchema} into this format's reader schema. */
  public abstract DatumReader<T> datumReader(Schema writerSchema);

  /** A writer of records with the given schema. */
  public abstract DatumWriter<T> datumWriter(Schema schema);

  /** The schema a record is written with. */
  public abstract Schema schemaOf(T record);

  static final class Specific<T extends SpecificRecordBase> extends AvroRecordFormat<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> recordClass;
    private transient SpecificData data;

    Specific(Class<T> recordClass) {
      this.recordClass = recordClass;
    }

    private SpecificData data() {
      if (data == null) {
        // The class's own model carries its logical-type conversions (timestamp-millis <-> Instant).
        data = SpecificData.getForClass(recordClass);
      }
      return data;
    }

    @Override
    public Schema readerSchema() {
      return data().getSchema(recordClass);
    }

    @Override
    public TypeInformation<T> typeInformation() {
      return new AvroTypeInfo<>(recordClass);
    }

    @Override
    public DatumReader<T> datumReader(Schema writerSchema) {
      return new SpecificDatumReader<>(writerSchema, readerSchema(), data());
    }

    @Override
    public DatumWriter<T> datumWriter(Schema schema) {
      return new SpecificDatumWriter<>(schema, data());
    }

    @Override
    public Schema schemaOf(T record) {
      return record.getSchema();
    }

    @Override
    public String toString() {
      return "specific(" + recordClass.getName() + ")";
    }
  }

  static final class Generic extends AvroRecordFormat<GenericRecord> {
    private static final long serialVersionUID = 1L;
    /** Avro 1.11's Schema is serializable, but as JSON the job graph stays readable and version-proof. */
    private final String readerSchemaJson;
    private transient Schema readerSchema;

    Generic(String readerSchemaJson) {
      this.readerSchemaJson = readerSchemaJson;
    }

    @Override
    public Schema readerSchema() {
      if (readerSchema == null) {
        readerSchema = new Schema.Parser().parse(readerSchemaJson);
      }
      return readerSchema;
    }

    @Override
    public TypeInformation<GenericRecord> typeInformation() {
      return new GenericRecordAvroTypeInfo(readerSchema());
    }

    @Override
    public DatumReader<GenericRecord> datumReader(Schema writerSchema) {
      return new GenericDatumReader<>(writerSchema, readerSchema(), GenericData.get());
    }

    @Override
    public DatumWriter<GenericRecord> datumWriter(Schema schema) {
      return new GenericDatumWriter<>(schema, GenericData.get());
    }

    @Override
    public Schema schemaOf(GenericRecord record) {
      return record.getSchema();
    }

    @Override
    public String toString() {
      return "generic(" + readerSchema().getFullName() + ")";
    }
  }
}
