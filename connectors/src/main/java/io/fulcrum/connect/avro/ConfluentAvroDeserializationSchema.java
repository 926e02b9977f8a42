package io.fulcrum.connect.avro;

import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink {@link DeserializationSchema} for Confluent wire-format Avro, generated or generic records. The registry
 * client is built on the task, at {@code open} (or the first record). An undecodable message throws
 * {@link UndecodableRecordException}; to send such messages to a dead-letter topic instead, read Kafka through
 * {@code io.fulcrum.connect.kafka.AvroKafkaSource}.
 *
 * @param <T> the record type
 */
public final class ConfluentAvroDeserializationSchema<T> implements DeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final AvroRecordFormat<T> format;
  private final SchemaRegistryConfig registry;
  private transient ConfluentAvroDecoder<T> decoder;

  public ConfluentAvroDeserializationSchema(AvroRecordFormat<T> format, SchemaRegistryConfig registry) {
    this.format = Objects.requireNonNull(format, "format can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
  }

  @Override
  public void open(InitializationContext context) {
    decoder();
  }

  @Override
  public T deserialize(byte[] message) throws IOException {
    return decoder().decode(message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return format.typeInformation();
  }

  private ConfluentAvroDecoder<T> decoder() {
    if (decoder == null) {
      decoder = new ConfluentAvroDecoder<>(format, SchemaRegistryClient.create(registry));
    }
    return decoder;
  }
}
