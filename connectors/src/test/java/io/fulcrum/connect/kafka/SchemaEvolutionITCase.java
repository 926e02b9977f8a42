package io.fulcrum.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.connect.testdata.KafkaRecords;
import io.fulcrum.connect.testdata.OperationalEvents;
import io.fulcrum.devstack.junit.KafkaExtension;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import io.fulcrum.schema.OperationalEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema evolution in running Flink jobs: a topic holds events written with v1 of OperationalEvent (without
 * 'attributes') and, after the upgrade, with v2 (the current class, which added 'attributes' with a default),
 * written by a Flink job through {@link AvroKafkaSink}. Jobs read all of it as v2, and as a v3 generic record.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class SchemaEvolutionITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "evolution-" + UUID.randomUUID();
  private static SchemaRegistryConfig registryConfig;
  private static String bootstrapServers;

  /** OperationalEvent without one of its fields: an older version of the schema. */
  @SuppressWarnings("unchecked")
  static Schema withoutField(Schema schema, String field) throws Exception {
    Map<String, Object> json = JSON.readValue(schema.toString(), Map.class);
    ((List<Map<String, Object>>) json.get("fields")).removeIf(f -> field.equals(f.get("name")));
    return new Schema.Parser().parse(JSON.writeValueAsString(json));
  }

  /** OperationalEvent plus an optional 'priority': a newer version than the class. */
  @SuppressWarnings("unchecked")
  static Schema withPriority(Schema schema) throws Exception {
    Map<String, Object> json = JSON.readValue(schema.toString(), Map.class);
    ((List<Object>) json.get("fields")).add(Map.of("name", "priority", "type", List.of("null", "int"),
        "default", JSON.nullNode(), "doc", "added in v3"));
    return new Schema.Parser().parse(JSON.writeValueAsString(json));
  }

  @BeforeAll
  static void writeV1ThenV2(EmbeddedKafka kafka, SchemaRegistryServer registry) throws Exception {
    bootstrapServers = kafka.bootstrapServers();
    kafka.createTopic(TOPIC, 1);
    registryConfig = SchemaRegistryConfig.of(registry.confluentApiUrl().toString());

    // v1 producers: events 1-3 without 'attributes'.
    Schema v1 = withoutField(OperationalEvent.getClassSchema(), "attributes");
    ConfluentAvroEncoder<GenericRecord> v1Encoder = new ConfluentAvroEncoder<>(AvroRecordFormat.generic(v1),
        SchemaRegistryClient.create(registryConfig), TOPIC, false, SubjectNameStrategy.TOPIC_NAME, true);
    List<byte[][]> v1Records = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      v1Records.add(new byte[][] {null, v1Encoder.encode(asV1(OperationalEvents.delivery(n), v1))});
    }
    KafkaRecords.produce(bootstrapServers, TOPIC, v1Records);

    // v2 producer: a Flink job writes events 4-6 with the current class.
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(AvroRecordFormat.specific(OperationalEvent.class).typeInformation(),
            OperationalEvents.delivery(4), OperationalEvents.delivery(5), OperationalEvents.delivery(6))
        .sinkTo(AvroKafkaSink.builder(AvroRecordFormat.specific(OperationalEvent.class))
            .bootstrapServers(bootstrapServers)
            .topic(TOPIC)
            .registry(registryConfig)
            .key(e -> BusinessObjectKey.bytes(e.getObject()))
            .property("linger.ms", "0")
            .build());
    env.execute("evolution-it-write-v2");
  }

  /** The event as a v1 producer would have had it: its Avro JSON without 'attributes', read with v1. */
  @SuppressWarnings("unchecked")
  private static GenericRecord asV1(OperationalEvent event, Schema v1) throws Exception {
    Map<String, Object> json = JSON.readValue(OperationalEvents.avroJson(event), Map.class);
    json.remove("attributes");
    return new GenericDatumReader<GenericRecord>(v1)
        .read(null, DecoderFactory.get().jsonDecoder(v1, JSON.writeValueAsString(json)));
  }

  @Test
  void v1AndV2EventsAreReadAsV2ByARunningJob() throws Exception {
    List<OperationalEvent> read = readAll(AvroRecordFormat.specific(OperationalEvent.class));

    List<OperationalEvent> expected = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      expected.add(OperationalEvent.newBuilder(OperationalEvents.delivery(n)).setAttributes(Map.of()).build());
    }
    for (int n = 4; n <= 6; n++) {
      expected.add(OperationalEvents.delivery(n));
    }
    assertThat(read).containsExactlyElementsOf(expected);
    assertThat(SchemaRegistryClient.create(registryConfig).latest(TOPIC + "-value").version()).isEqualTo(2);
  }

  @Test
  void theSinkKeysRecordsByBusinessObject() {
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaRecords.consume(bootstrapServers, TOPIC, 6, Duration.ofSeconds(30));
    assertThat(records).extracting(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly(null, null, null, "sku/SKU-4", "sku/SKU-5", "sku/SKU-6");
  }

  @Test
  void aGenericReaderOnANewerVersionReadsBothWithDefaults() throws Exception {
    Schema v3 = withPriority(OperationalEvent.getClassSchema());
    List<GenericRecord> read = readAll(AvroRecordFormat.generic(v3));

    assertThat(read).hasSize(6);
    assertThat(read).extracting(r -> r.get("eventId").toString())
        .containsExactly("evt-1", "evt-2", "evt-3", "evt-4", "evt-5", "evt-6");
    assertThat(read).extracting(r -> r.get("priority")).containsOnlyNulls();
    assertThat(read).extracting(r -> ((Map<?, ?>) r.get("attributes")).size()).containsExactly(0, 0, 0, 2, 2, 2);
    assertThat(read.get(4).getSchema()).isEqualTo(v3);
  }

  private static <T> List<T> readAll(AvroRecordFormat<T> format) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DecodedStream<T> stream = AvroKafkaSource.builder(format)
        .bootstrapServers(bootstrapServers)
        .topics(TOPIC)
        .registry(registryConfig)
        .startingOffsets(OffsetsInitializer.earliest())
        .bounded(OffsetsInitializer.latest())
        .build()
        .attach(env, WatermarkStrategy.noWatermarks(), "events");
    List<T> read = new ArrayList<>();
    try (CloseableIterator<T> it = stream.records().executeAndCollect("evolution-it-read")) {
      it.forEachRemaining(read::add);
    }
    return read;
  }
}
