package io.fulcrum.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroDecoder;
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
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every dead-letter reason of the decoder produced on purpose in a Kafka topic, read by a Flink job that does not
 * fail, and found in the dead-letter topic with the original key and value bytes, next to the good records.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class DeadLetterITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void undecodableRecordsGoToTheDeadLetterTopicWithTheirBytes(EmbeddedKafka kafka, SchemaRegistryServer registry)
      throws Exception {
    String topic = "dlq-in-" + UUID.randomUUID();
    String deadLetterTopic = "dlq-out-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    kafka.createTopic(deadLetterTopic, 1);
    SchemaRegistryConfig registryConfig = SchemaRegistryConfig.of(registry.confluentApiUrl().toString());
    SchemaRegistryClient client = SchemaRegistryClient.create(registryConfig);

    ConfluentAvroEncoder<OperationalEvent> encoder = new ConfluentAvroEncoder<>(
        AvroRecordFormat.specific(OperationalEvent.class), client, topic, false, SubjectNameStrategy.TOPIC_NAME, true);
    byte[] good = encoder.encode(OperationalEvents.delivery(1));
    byte[] unknownId = good.clone();
    unknownId[1] = 0x7f; // schema id 0x7f00xxxx: never handed out by a fresh registry
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] corrupt = good.clone();
    corrupt[5] = 0x01; // zig-zag -1: a negative length for the first string, eventId
    byte[] mismatch = mismatchedEvent(client, topic);
    byte[] hugeLength = hugeFirstStringLength(good);

    // offset -> (key, value, expected reason); null reason = a good record
    Map<Long, Object[]> sent = new LinkedHashMap<>();
    sent.put(0L, new Object[] {"sku/SKU-1", good, null});
    sent.put(1L, new Object[] {"k1", "{\"eventId\":\"json\"}".getBytes(StandardCharsets.UTF_8),
        DeadLetterReason.WRONG_MAGIC_BYTE});
    sent.put(2L, new Object[] {"k2", unknownId, DeadLetterReason.UNKNOWN_SCHEMA_ID});
    sent.put(3L, new Object[] {"k3", truncated, DeadLetterReason.TRUNCATED});
    sent.put(4L, new Object[] {"k4", corrupt, DeadLetterReason.CORRUPT_PAYLOAD});
    sent.put(5L, new Object[] {"k5", mismatch, DeadLetterReason.SCHEMA_MISMATCH});
    sent.put(6L, new Object[] {"k6", hugeLength, DeadLetterReason.TRUNCATED});
    sent.put(7L, new Object[] {"sku/SKU-2", encoder.encode(OperationalEvents.delivery(2)), null});
    List<byte[][]> records = new ArrayList<>();
    sent.values().forEach(s -> records.add(new byte[][] {((String) s[0]).getBytes(StandardCharsets.UTF_8),
        (byte[]) s[1]}));
    KafkaRecords.produce(kafka.bootstrapServers(), topic, records);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DecodedStream<OperationalEvent> stream = AvroKafkaSource.builder(AvroRecordFormat.specific(OperationalEvent.class))
        .bootstrapServers(kafka.bootstrapServers())
        .topics(topic)
        .groupId("dlq-it")
        .registry(registryConfig)
        .startingOffsets(OffsetsInitializer.earliest())
        .bounded(OffsetsInitializer.latest())
        .build()
        .attach(env, WatermarkStrategy.noWatermarks(), "events");
    stream.deadLetters().sinkTo(AvroKafkaSink.forDeadLetters()
        .bootstrapServers(kafka.bootstrapServers())
        .topic(deadLetterTopic)
        .registry(registryConfig)
        .build());
    List<OperationalEvent> decoded = new ArrayList<>();
    try (CloseableIterator<OperationalEvent> it = stream.records().executeAndCollect("dead-letter-it")) {
      it.forEachRemaining(decoded::add);
    }

    assertThat(decoded).containsExactly(OperationalEvents.delivery(1), OperationalEvents.delivery(2));

    ConfluentAvroDecoder<DeadLetter> dlqDecoder =
        new ConfluentAvroDecoder<>(AvroRecordFormat.specific(DeadLetter.class), client);
    List<ConsumerRecord<byte[], byte[]>> dlq =
        KafkaRecords.consume(kafka.bootstrapServers(), deadLetterTopic, 6, Duration.ofSeconds(30));
    assertThat(dlq).hasSize(6);
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      DeadLetter letter = dlqDecoder.decode(r.value());
      Object[] original = sent.get(letter.getSourceOffset());
      assertThat(letter.getSourceTopic()).isEqualTo(topic);
      assertThat(letter.getSourcePartition()).isZero();
      assertThat(letter.getReasonCode()).as("reason of offset %d", letter.getSourceOffset()).isEqualTo(original[2]);
      assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap((byte[]) original[1]));
      assertThat(letter.getKey()).isEqualTo(ByteBuffer.wrap(((String) original[0]).getBytes(StandardCharsets.UTF_8)));
      // The dead-letter record keeps the original key as its Kafka key.
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(original[0]);
    }
    assertThat(dlq).extracting(r -> dlqDecoder.decode(r.value()).getReasonMessage()).satisfiesExactly(
        m -> assertThat(m).isEqualTo("the value starts with byte 123, expected the Confluent wire-format magic byte 0"),
        m -> assertThat(m).startsWith("the registry has no schema with id " + (((unknownId[1] & 0xff) << 24)
            | ((unknownId[2] & 0xff) << 16) | ((unknownId[3] & 0xff) << 8) | (unknownId[4] & 0xff))),
        m -> assertThat(m).startsWith("the Avro payload (" + (truncated.length - 5) + " bytes, writer schema id "),
        m -> assertThat(m).contains("is not a valid record of writer schema id", "string length is negative (-1)"),
        m -> assertThat(m).contains("cannot be read as io.fulcrum.schema.OperationalEvent",
            "READER_FIELD_MISSING_DEFAULT_VALUE"),
        m -> assertThat(m).contains("ends before the record does: string declares 1073741824 bytes but only"));
  }

  /**
   * The good message with its first string (eventId) declaring 2^30 bytes: plain Avro would allocate them and
   * run the task out of heap instead of dead-lettering the record.
   */
  private static byte[] hugeFirstStringLength(byte[] good) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(good, 0, 5);
    long zigzag = (1L << 30) << 1;
    while ((zigzag & ~0x7fL) != 0) {
      out.write((int) ((zigzag & 0x7f) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    out.write(good, 6, good.length - 6); // drops the original one-byte length of eventId
    return out.toByteArray();
  }

  /**
   * An 'OperationalEvent' written by a producer with an unrelated schema of the same name (registered under a
   * subject of its own, so the registry accepts it): the reader cannot fill its required fields.
   */
  private static byte[] mismatchedEvent(SchemaRegistryClient client, String topic) {
    Schema foreign = SchemaBuilder.record("OperationalEvent").namespace("io.fulcrum.schema").fields()
        .requiredInt("eventId").endRecord();
    GenericRecord record = new GenericData.Record(foreign);
    record.put("eventId", 42);
    return new ConfluentAvroEncoder<>(AvroRecordFormat.generic(foreign), client, topic + "-foreign", false,
        SubjectNameStrategy.TOPIC_NAME, true).encode(record);
  }
}
