package io.fulcrum.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;
import java.lang.reflect.Method;
import java.util.Properties;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.junit.jupiter.api.Test;

class AvroKafkaBuildersTest {

  private static final SchemaRegistryConfig REGISTRY = SchemaRegistryConfig.of("http://registry:8081");

  private static AvroKafkaSource.Builder<OperationalEvent> source() {
    return AvroKafkaSource.builder(AvroRecordFormat.specific(OperationalEvent.class));
  }

  private static AvroKafkaSink.Builder<KpiValue> sink() {
    return AvroKafkaSink.builder(AvroRecordFormat.specific(KpiValue.class));
  }

  @Test
  void sourceNeedsBootstrapServersTopicsAndRegistry() {
    assertThatThrownBy(() -> source().topics("t").registry(REGISTRY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Kafka source of specific(io.fulcrum.schema.OperationalEvent) has no bootstrap servers: "
            + "call bootstrapServers(\"host:9092\")");
    assertThatThrownBy(() -> source().bootstrapServers("k:9092").registry(REGISTRY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Kafka source of specific(io.fulcrum.schema.OperationalEvent) has no topic: call topics(\"...\")");
    assertThatThrownBy(() -> source().bootstrapServers("k:9092").topics("events").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Kafka source of specific(io.fulcrum.schema.OperationalEvent) on [events] has no schema "
            + "registry: call registry(SchemaRegistryConfig.of(\"http://host:8081\"))");
  }

  @Test
  void sourceRejectsABlankTopic() {
    assertThatThrownBy(() -> source().topics(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topic ' ' is blank: pass e.g. \"fulcrum.operational-events\"");
  }

  @Test
  void sourcePassesKafkaPropertiesThroughAndCopiesThem() throws Exception {
    Properties extra = new Properties();
    extra.setProperty("security.protocol", "SSL");
    KafkaSource<?> kafka = source().bootstrapServers("k:9092").topics("events").registry(REGISTRY)
        .groupId("fulcrum-kpi").properties(extra).property("fetch.min.bytes", "1024")
        .build().kafkaSource();
    extra.setProperty("security.protocol", "PLAINTEXT");

    Configuration config = sourceConfiguration(kafka);
    assertThat(config.toMap()).containsEntry("security.protocol", "SSL")
        .containsEntry("fetch.min.bytes", "1024")
        .containsEntry("group.id", "fulcrum-kpi")
        .containsEntry("bootstrap.servers", "k:9092");
    assertThat(kafka.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
  }

  @Test
  void sourceWithoutGroupNeedsStartingOffsets() {
    assertThatThrownBy(() -> source().bootstrapServers("k:9092").topics("events").registry(REGISTRY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Kafka source of specific(io.fulcrum.schema.OperationalEvent) on [events] has no group id, so it "
            + "has no committed offsets to start from: call groupId(\"<job name>\") or startingOffsets(...)");
  }

  @Test
  void boundedSourceIsBounded() {
    KafkaSource<?> kafka = source().bootstrapServers("k:9092").topics("events").registry(REGISTRY)
        .startingOffsets(OffsetsInitializer.earliest()).bounded(OffsetsInitializer.latest()).build().kafkaSource();
    assertThat(kafka.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
  }

  @Test
  void sinkNeedsATransactionalIdPrefixForExactlyOnce() {
    assertThatThrownBy(() -> sink().bootstrapServers("k:9092").topic("kpi-values").registry(REGISTRY)
        .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Kafka sink to kpi-values is EXACTLY_ONCE without a transactional id prefix: "
            + "call transactionalIdPrefix(\"<job name>\") or use AT_LEAST_ONCE");
  }

  @Test
  void sinkNeedsARegistry() {
    assertThatThrownBy(() -> sink().bootstrapServers("k:9092").topic("kpi-values").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Kafka sink of specific(io.fulcrum.schema.KpiValue) to kpi-values has no schema registry: "
            + "call registry(SchemaRegistryConfig.of(\"http://host:8081\"))");
  }

  @Test
  void sinkPassesKafkaPropertiesThrough() throws Exception {
    KafkaSink<KpiValue> kafka = sink().bootstrapServers("k:9092").topic("kpi-values").registry(REGISTRY)
        .property("compression.type", "lz4").build();

    assertThat(producerConfig(kafka)).containsEntry("compression.type", "lz4")
        .containsEntry("bootstrap.servers", "k:9092");
  }

  // KafkaSource and KafkaSink keep their Kafka properties package-private/protected; reflection reads them back.
  private static Configuration sourceConfiguration(KafkaSource<?> source) throws Exception {
    Method m = KafkaSource.class.getDeclaredMethod("getConfiguration");
    m.setAccessible(true);
    return (Configuration) m.invoke(source);
  }

  private static Properties producerConfig(KafkaSink<?> sink) throws Exception {
    Method m = KafkaSink.class.getDeclaredMethod("getKafkaProducerConfig");
    m.setAccessible(true);
    return (Properties) m.invoke(sink);
  }
}
