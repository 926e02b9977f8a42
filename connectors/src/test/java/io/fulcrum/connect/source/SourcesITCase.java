package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroDecoder;
import io.fulcrum.connect.kafka.AvroKafkaSink;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.devstack.junit.KafkaExtension;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped demo sources (config/demo/sources: JSON from the TMS, Avro from the QMS, CSV from the ERP) end to
 * end: records produced to Kafka, read by one Flink job into events, bad records into the dead-letter topic.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class SourcesITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static final Path SHIPPED = Path.of("..", "config", "demo", "sources");
  /**
   * The records' Kafka timestamp (the events' ingestion time). Recent on purpose: with a timestamp months back the
   * broker's retention (7 days by default, first checked 30 s after start) may delete the records before the job
   * reads them.
   */
  static final long KAFKA_TIME = System.currentTimeMillis();

  private final List<ProducerRecord<byte[], byte[]>> produced = new ArrayList<>();

  @Test
  void everyFormatBecomesEventsAndEveryBadRecordADeadLetter(EmbeddedKafka kafka, SchemaRegistryServer server)
      throws Exception {
    SourceCatalog catalog = SourceCatalog.load(SHIPPED);
    for (String topic : List.of("tms.shipment-events", "qms.inspection-results", "erp.order-lines")) {
      kafka.createTopic(topic, 1);
    }
    String dlq = "fulcrum.dead-letters." + System.nanoTime();
    kafka.createTopic(dlq, 1);
    SchemaRegistryConfig registryConfig = SchemaRegistryConfig.of(server.confluentApiUrl().toString());
    SchemaRegistryClient registry = SchemaRegistryClient.create(registryConfig);
    Schema v1 = new Schema.Parser().parse(SHIPPED.resolve("schemas/InspectionResult.avsc").toFile());
    int v1Id = registry.register("qms.inspection-results-value", v1);

    // TMS (JSON): a delivery, a cancellation (skipped), and four records the mapping rejects.
    String delivery = Files.readString(Path.of("src/test/resources/sources/tms-delivery.json"));
    tms(delivery);
    tms(delivery.replace("\"DELIVERED\"", "\"CANCELLED\""));
    tms("{\"shipmentId\": \"dlv-2\", ");
    tms(delivery.replace("\"code\": \"DE-FR\"", "\"code\": \"\""));
    tms(delivery.replace("2026-03-02T08:15:00Z", "tomorrow"));
    tms(delivery.replace("\"delivered\": 118", "\"delivered\": \"118 EA\""));
    // ERP (CSV): an order line, a draft (skipped), a short line, a time in the wrong form.
    erp("4500012345,10,2026-03-02 09:15:00,SKU-0001,P-01,S-14,120,EA,fasteners,A,EU-West,OPEN");
    erp("4500012346,10,2026-03-02 09:20:00,SKU-0002,P-01,S-14,5,EA,fasteners,B,EU-West,DRAFT");
    erp("4500012347,10,2026-03-02 09:25:00,SKU-0003");
    erp("4500012348,10,02.03.2026 09:30,SKU-0003,P-02,S-15,7,EA,seals,C,EU-East,OPEN");
    // QMS (Avro): an inspection, a non-wire-format value, an unknown schema id, a truncated payload.
    byte[] inspection = AvroRecordMapperTest.wire(v1Id, inspection(v1, "qi-1"));
    qms(inspection);
    qms("{\"inspectionId\": \"qi-x\"}".getBytes(StandardCharsets.UTF_8));
    qms(withSchemaId(inspection, 999_999));
    qms(Arrays.copyOf(inspection, inspection.length - 4));

    OperationalEventSources sources = OperationalEventSources.builder(catalog)
        .bootstrapServers(kafka.bootstrapServers())
        .registry(registryConfig)
        .startingOffsets(OffsetsInitializer.earliest())
        .bounded(OffsetsInitializer.latest())
        .build(); // validated against v1

    // The QMS evolves its schema (BACKWARD: an optional field) after the sources were built and validated.
    Schema v2 = new Schema.Parser().parse(Files.readString(SHIPPED.resolve("schemas/InspectionResult.avsc"))
        .replace("{\"name\": \"plantCode\"", "{\"name\": \"inspector\", \"type\": [\"null\", \"string\"], "
            + "\"default\": null},\n    {\"name\": \"plantCode\""));
    int v2Id = registry.register("qms.inspection-results-value", v2);
    GenericRecord evolved = inspection(v2, "qi-2");
    evolved.put("inspector", "M. Weber");
    qms(AvroRecordMapperTest.wire(v2Id, evolved));
    send(kafka);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    SourceStreams streams = sources.attach(env, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofHours(1)));
    streams.deadLetters().sinkTo(AvroKafkaSink.forDeadLetters().bootstrapServers(kafka.bootstrapServers())
        .topic(dlq).registry(registryConfig).build());
    List<OperationalEvent> events = new ArrayList<>();
    try (CloseableIterator<OperationalEvent> it = streams.events().executeAndCollect("sources-it")) {
      it.forEachRemaining(events::add);
    }

    List<DeadLetter> deadLetters = readDeadLetters(kafka, dlq, registry, 9);
    events.sort(Comparator.comparing(OperationalEvent::getEventId));
    assertThat(events).as("events; dead letters: %s", deadLetters).containsExactly(
        OperationalEvent.newBuilder()
            .setEventId("4500012345:10").setSource("erp").setEventType("order_created")
            .setEventTime(Instant.parse("2026-03-02T08:15:00Z")).setIngestionTime(Instant.ofEpochMilli(KAFKA_TIME))
            .setObject(ref("sku", "SKU-0001"))
            .setRelatedObjects(List.of(ref("plant", "P-01"), ref("supplier", "S-14")))
            .setMeasures(Map.of("quantity_ordered", 120.0))
            .setAttributes(Map.of("category", "fasteners", "abc_class", "A", "region", "EU-West", "uom", "EA"))
            .build(),
        OperationalEvent.newBuilder()
            .setEventId("dlv-1").setSource("tms-eu").setEventType("shipment_delivered")
            .setEventTime(Instant.parse("2026-03-02T08:15:00Z")).setIngestionTime(Instant.ofEpochMilli(KAFKA_TIME))
            .setObject(ref("route", "DE-FR"))
            .setRelatedObjects(List.of(ref("sku", "SKU-0001"), ref("plant", "P-01"), ref("supplier", "S-14")))
            .setMeasures(Map.of("quantity_ordered", 120.0, "quantity_delivered", 118.0, "lead_time_hours", 28.5,
                "on_time", 1.0, "in_full", 0.0, "otif", 0.0))
            .setAttributes(Map.of("carrier", "B", "promised_time", "2026-03-02T09:00:00Z", "otif", "false",
                "category", "fasteners", "region", "EU-West", "tier", "1"))
            .build(),
        inspectionEvent("qi-1"),
        inspectionEvent("qi-2"));

    assertThat(deadLetters).extracting(DeadLetter::getSourceTopic, DeadLetter::getSourceOffset,
        DeadLetter::getReasonCode).containsExactlyInAnyOrder(
        tuple("tms.shipment-events", 2L, DeadLetterReason.CORRUPT_PAYLOAD),
        tuple("tms.shipment-events", 3L, DeadLetterReason.INVALID_RECORD),
        tuple("tms.shipment-events", 4L, DeadLetterReason.INVALID_RECORD),
        tuple("tms.shipment-events", 5L, DeadLetterReason.INVALID_RECORD),
        tuple("erp.order-lines", 2L, DeadLetterReason.CORRUPT_PAYLOAD),
        tuple("erp.order-lines", 3L, DeadLetterReason.INVALID_RECORD),
        tuple("qms.inspection-results", 1L, DeadLetterReason.WRONG_MAGIC_BYTE),
        tuple("qms.inspection-results", 2L, DeadLetterReason.UNKNOWN_SCHEMA_ID),
        tuple("qms.inspection-results", 3L, DeadLetterReason.TRUNCATED));
    assertThat(deadLetters).extracting(DeadLetter::getReasonMessage).anySatisfy(m -> assertThat(m)
        .startsWith("source 'tms-eu': MALFORMED: the value is not JSON"))
        .anySatisfy(m -> assertThat(m).isEqualTo("source 'tms-eu': MISSING_OBJECT_ID: route id field 'lane.code' "
            + "is absent or empty"))
        .anySatisfy(m -> assertThat(m).isEqualTo("source 'tms-eu': UNPARSABLE_TIME: event time field "
            + "'deliveredAt' holds text 'tomorrow', expected an ISO-8601 date-time text, e.g. 2026-03-02T08:15:00Z"))
        .anySatisfy(m -> assertThat(m).isEqualTo("source 'tms-eu': WRONG_TYPE: measure 'quantity_delivered' "
            + "field 'quantity.delivered' holds text '118 EA', expected a number or a boolean"))
        .anySatisfy(m -> assertThat(m).startsWith("source 'erp': MALFORMED: the line has 4 columns, expected 12"))
        .anySatisfy(m -> assertThat(m).isEqualTo("source 'erp': UNPARSABLE_TIME: event time field 'created_at' "
            + "holds text '02.03.2026 09:30', expected a text in pattern 'yyyy-MM-dd HH:mm:ss'"))
        .anySatisfy(m -> assertThat(m).isEqualTo("source 'qms': the value starts with byte 123, expected the "
            + "Confluent wire-format magic byte 0"))
        .anySatisfy(m -> assertThat(m).startsWith("source 'qms': the registry has no schema with id 999999"))
        .anySatisfy(m -> assertThat(m).startsWith("source 'qms': the Avro payload"));
    for (DeadLetter deadLetter : deadLetters) {
      ProducerRecord<byte[], byte[]> original = produced.stream()
          .filter(p -> p.topic().equals(deadLetter.getSourceTopic())).toList()
          .get((int) deadLetter.getSourceOffset());
      assertThat(bytes(deadLetter.getValue())).as("original bytes of %s", deadLetter.getReasonMessage())
          .isEqualTo(original.value());
      assertThat(deadLetter.getSourceTimestamp()).isEqualTo(Instant.ofEpochMilli(KAFKA_TIME));
    }
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  private static OperationalEvent inspectionEvent(String id) {
    return OperationalEvent.newBuilder()
        .setEventId(id).setSource("qms").setEventType("quality_inspection")
        .setEventTime(Instant.parse("2026-03-02T07:40:00Z")).setIngestionTime(Instant.ofEpochMilli(KAFKA_TIME))
        .setObject(ref("supplier", "S-14"))
        .setRelatedObjects(List.of(ref("sku", "SKU-0001"), ref("plant", "P-02")))
        .setMeasures(Map.of("lot_size", 800.0, "defects", 2.0))
        .setAttributes(Map.of("tier", "1", "country", "PL", "category", "fasteners", "result", "fail"))
        .build();
  }

  static GenericRecord inspection(Schema schema, String id) {
    Schema lotSchema = schema.getField("lot").schema();
    GenericRecord supplier = new GenericData.Record(lotSchema.getField("supplier").schema());
    supplier.put("id", "S-14");
    supplier.put("country", "PL");
    supplier.put("tier", "1");
    GenericRecord lot = new GenericData.Record(lotSchema);
    lot.put("lotNumber", "L-77");
    lot.put("skuCode", "SKU-0001");
    lot.put("category", "fasteners");
    lot.put("size", 800);
    lot.put("supplier", supplier);
    GenericRecord record = new GenericData.Record(schema);
    record.put("inspectionId", id);
    record.put("inspectedAt", Instant.parse("2026-03-02T07:40:00Z").toEpochMilli());
    record.put("plantCode", "P-02");
    record.put("lot", lot);
    record.put("defectCount", 2);
    record.put("result", "fail");
    return record;
  }

  private static BusinessObjectRef ref(String type, String id) {
    return new BusinessObjectRef(type, id);
  }

  private void tms(String json) {
    produced.add(new ProducerRecord<>("tms.shipment-events", null, KAFKA_TIME, null,
        json.getBytes(StandardCharsets.UTF_8)));
  }

  private void erp(String line) {
    produced.add(new ProducerRecord<>("erp.order-lines", null, KAFKA_TIME, null,
        line.getBytes(StandardCharsets.UTF_8)));
  }

  private void qms(byte[] value) {
    produced.add(new ProducerRecord<>("qms.inspection-results", null, KAFKA_TIME, null, value));
  }

  private void send(EmbeddedKafka kafka) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : produced) {
        producer.send(record).get();
      }
    }
  }

  private static byte[] withSchemaId(byte[] message, int id) {
    byte[] copy = message.clone();
    ByteBuffer.wrap(copy).putInt(1, id);
    return copy;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  static List<DeadLetter> readDeadLetters(EmbeddedKafka kafka, String topic, SchemaRegistryClient registry,
      int atLeast) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime());
    ConfluentAvroDecoder<DeadLetter> decoder = new ConfluentAvroDecoder<>(AvroRecordFormat.specific(DeadLetter.class),
        registry);
    List<DeadLetter> deadLetters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Read until the expected count, then a little longer to catch any unexpected extra dead letter.
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          deadLetters.add(decoder.decode(r.value()));
        }
        if (deadLetters.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        }
      }
    }
    return deadLetters;
  }
}
