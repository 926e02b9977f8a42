package io.fulcrum.connect.kafka;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroSerializationSchema;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchemaBuilder;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Builds a {@link KafkaSink} writing Avro records to a Fulcrum topic in the Confluent wire format.
 *
 * <pre>{@code
 * KafkaSink<KpiValue> sink = AvroKafkaSink.builder(AvroRecordFormat.specific(KpiValue.class))
 *     .bootstrapServers("kafka:9092")
 *     .topic("fulcrum.kpi-values")
 *     .registry(SchemaRegistryConfig.of("http://registry:8081"))
 *     .key(v -> BusinessObjectKey.bytes(v.getObject()))
 *     .property("compression.type", "lz4")              // any Kafka producer property
 *     .build();
 * }</pre>
 *
 * Required: bootstrap servers, topic, registry. Defaults: at-least-once delivery, no key, subjects by
 * {@link SubjectNameStrategy#TOPIC_NAME}, schemas registered on first use. Exactly-once needs a transactional id
 * prefix.
 */
public final class AvroKafkaSink {

  private AvroKafkaSink() {}

  public static <T> Builder<T> builder(AvroRecordFormat<T> format) {
    return new Builder<>(Objects.requireNonNull(format, "format can't be null"));
  }

  /** A builder for a dead-letter topic: {@link DeadLetter} values, keyed by the original record's key bytes. */
  public static Builder<DeadLetter> forDeadLetters() {
    return builder(AvroRecordFormat.specific(DeadLetter.class)).key(AvroKafkaSink::originalKey);
  }

  private static byte[] originalKey(DeadLetter deadLetter) {
    ByteBuffer key = deadLetter.getKey();
    if (key == null) {
      return null;
    }
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return bytes;
  }

  /** Builds the sink; setters check their value, {@link #build()} the whole. */
  public static final class Builder<T> {
    private final AvroRecordFormat<T> format;
    private final Properties properties = new Properties();
    private String bootstrapServers;
    private String topic;
    private SchemaRegistryConfig registry;
    private SerializableFunction<T, byte[]> key;
    private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;
    private boolean autoRegister = true;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
    private String transactionalIdPrefix;

    private Builder(AvroRecordFormat<T> format) {
      this.format = format;
    }

    public Builder<T> bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = AvroKafkaSource.requireText("bootstrapServers", bootstrapServers, "host:9092");
      return this;
    }

    public Builder<T> topic(String topic) {
      this.topic = AvroKafkaSource.requireText("topic", topic, "fulcrum.kpi-values");
      return this;
    }

    public Builder<T> registry(SchemaRegistryConfig registry) {
      this.registry = Objects.requireNonNull(registry, "registry can't be null");
      return this;
    }

    /** The Kafka key of a record as bytes (null for no key), e.g. {@link BusinessObjectKey#bytes}. */
    public Builder<T> key(SerializableFunction<T, byte[]> key) {
      this.key = Objects.requireNonNull(key, "key can't be null");
      return this;
    }

    public Builder<T> subjectNameStrategy(SubjectNameStrategy strategy) {
      this.subjectNameStrategy = Objects.requireNonNull(strategy, "subjectNameStrategy can't be null");
      return this;
    }

    /** Whether schemas the subject lacks are registered (default) or fail the write (schemas managed by CI). */
    public Builder<T> autoRegister(boolean autoRegister) {
      this.autoRegister = autoRegister;
      return this;
    }

    public Builder<T> deliveryGuarantee(DeliveryGuarantee guarantee) {
      this.deliveryGuarantee = Objects.requireNonNull(guarantee, "deliveryGuarantee can't be null");
      return this;
    }

    /** Needed for {@link DeliveryGuarantee#EXACTLY_ONCE}: unique per job writing to the cluster. */
    public Builder<T> transactionalIdPrefix(String prefix) {
      this.transactionalIdPrefix = AvroKafkaSource.requireText("transactionalIdPrefix", prefix, "fulcrum-kpi");
      return this;
    }

    /** Any Kafka producer property, passed through unchanged. */
    public Builder<T> property(String key, String value) {
      properties.setProperty(AvroKafkaSource.requireText("property key", key, "compression.type"),
          Objects.requireNonNull(value, "value of property " + key + " can't be null"));
      return this;
    }

    /** Adds every entry of {@code properties} (copied; later changes to it have no effect). */
    public Builder<T> properties(Properties properties) {
      Objects.requireNonNull(properties, "properties can't be null");
      properties.stringPropertyNames().forEach(k -> property(k, properties.getProperty(k)));
      return this;
    }

    public KafkaSink<T> build() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("Kafka sink of " + format + " has no bootstrap servers: "
            + "call bootstrapServers(\"host:9092\")");
      }
      if (topic == null) {
        throw new IllegalStateException("Kafka sink of " + format + " has no topic: call topic(\"...\")");
      }
      if (registry == null) {
        throw new IllegalStateException("Kafka sink of " + format + " to " + topic
            + " has no schema registry: call registry(SchemaRegistryConfig.of(\"http://host:8081\"))");
      }
      if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE && transactionalIdPrefix == null) {
        throw new IllegalStateException("Kafka sink to " + topic + " is EXACTLY_ONCE without a transactional id "
            + "prefix: call transactionalIdPrefix(\"<job name>\") or use AT_LEAST_ONCE");
      }
      KafkaRecordSerializationSchemaBuilder<T> record = KafkaRecordSerializationSchema.<T>builder()
          .setTopic(topic)
          .setValueSerializationSchema(
              new ConfluentAvroSerializationSchema<>(format, registry, topic, subjectNameStrategy, autoRegister));
      if (key != null) {
        SerializableFunction<T, byte[]> keyOf = key;
        record.setKeySerializationSchema((SerializationSchema<T>) keyOf::apply);
      }
      Properties copy = new Properties();
      copy.putAll(properties);
      KafkaSinkBuilder<T> sink = KafkaSink.<T>builder()
          .setBootstrapServers(bootstrapServers)
          .setKafkaProducerConfig(copy)
          .setRecordSerializer(record.build())
          .setDeliveryGuarantee(deliveryGuarantee);
      if (transactionalIdPrefix != null) {
        sink.setTransactionalIdPrefix(transactionalIdPrefix);
      }
      return sink.build();
    }
  }
}
