package io.fulcrum.connect.avro;

import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink {@link SerializationSchema} writing record values of one topic in the Confluent wire format. The registry
 * client is built on the task, at {@code open} (or the first record). A registry failure throws and fails the
 * job: a record that cannot be written must not be skipped.
 *
 * @param <T> the record type
 */
public final class ConfluentAvroSerializationSchema<T> implements SerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final AvroRecordFormat<T> format;
  private final SchemaRegistryConfig registry;
  private final String topic;
  private final SubjectNameStrategy subjectNameStrategy;
  private final boolean autoRegister;
  private transient ConfluentAvroEncoder<T> encoder;

  /**
   * @param topic the topic the values are written to (names the subject under the topic strategies)
   * @param autoRegister register schemas the subject lacks, else fail on them
   */
  public ConfluentAvroSerializationSchema(AvroRecordFormat<T> format, SchemaRegistryConfig registry, String topic,
      SubjectNameStrategy subjectNameStrategy, boolean autoRegister) {
    this.format = Objects.requireNonNull(format, "format can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    this.topic = Objects.requireNonNull(topic, "topic can't be null");
    this.subjectNameStrategy = Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy can't be null");
    this.autoRegister = autoRegister;
  }

  @Override
  public void open(InitializationContext context) {
    encoder();
  }

  @Override
  public byte[] serialize(T element) {
    return encoder().encode(element);
  }

  private ConfluentAvroEncoder<T> encoder() {
    if (encoder == null) {
      encoder = new ConfluentAvroEncoder<>(format, SchemaRegistryClient.create(registry), topic, false,
          subjectNameStrategy, autoRegister);
    }
    return encoder;
  }
}
