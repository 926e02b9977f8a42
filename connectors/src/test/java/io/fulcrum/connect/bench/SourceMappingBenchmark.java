package io.fulcrum.connect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.connect.source.RecordMapper;
import io.fulcrum.connect.source.SourceCatalog;
import io.fulcrum.connect.source.SourceDefinition;
import io.fulcrum.schema.OperationalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mapped events per second on one thread (one core) for each shipped source format, next to decoding alone: the
 * Avro writer-schema decode into a generic record, the JSON parse into a tree, the CSV line split. Each operation
 * maps one record; records cycle through 512 varied ones of the demo's shapes.
 *
 * <p>Run from the repository root (exec:exec under -am would also run in the parent module, which has no bench
 * configuration, so the classpath is written out and JMH started directly):
 * <pre>
 * ./mvnw -B -q -pl connectors -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
 * cd connectors &amp;&amp; java -Xmx512m -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *     org.openjdk.jmh.Main SourceMappingBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xmx512m", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SourceMappingBenchmark {

  private static final int RECORDS = 512;
  private static final Path SHIPPED = Path.of(System.getProperty("fulcrum.sources", "../config/demo/sources"));

  private ConsumerRecord<byte[], byte[]>[] avro;
  private ConsumerRecord<byte[], byte[]>[] json;
  private ConsumerRecord<byte[], byte[]>[] csv;
  private RecordMapper avroMapper;
  private RecordMapper jsonMapper;
  private RecordMapper csvMapper;
  private GenericDatumReader<GenericRecord> avroReader;
  private GenericRecord avroReuse;
  private BinaryDecoder decoder;
  private final ObjectMapper objectMapper = new ObjectMapper();
  private int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() throws IOException {
    SourceCatalog catalog = SourceCatalog.load(SHIPPED);
    Schema schema = new Schema.Parser().parse(SHIPPED.resolve("schemas/InspectionResult.avsc").toFile());
    avroMapper = RecordMapper.of(source(catalog, "qms"), id -> schema);
    jsonMapper = RecordMapper.of(source(catalog, "tms-eu"), null);
    csvMapper = RecordMapper.of(source(catalog, "erp"), null);
    avroReader = new GenericDatumReader<>(schema);
    avro = new ConsumerRecord[RECORDS];
    json = new ConsumerRecord[RECORDS];
    csv = new ConsumerRecord[RECORDS];
    SplittableRandom random = new SplittableRandom(42);
    DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Berlin"));
    for (int i = 0; i < RECORDS; i++) {
      Instant at = Instant.parse("2026-03-02T00:00:00Z").plusSeconds(random.nextInt(7 * 86_400));
      avro[i] = record(wire(inspection(schema, i, at, random)), i);
      json[i] = record(("{\"shipmentId\": \"dlv-" + i + "\", \"status\": \"DELIVERED\", \"lane\": {\"code\": \"L-"
          + random.nextInt(40) + "\", \"origin\": \"DE\", \"destination\": \"FR\"}, \"carrier\": {\"scac\": \"B\"}, "
          + "\"shipFrom\": {\"plantId\": \"P-0" + random.nextInt(5) + "\", \"region\": \"EU-West\"}, \"item\": "
          + "{\"sku\": \"SKU-" + random.nextInt(2000) + "\", \"category\": \"fasteners\", \"supplier\": {\"id\": "
          + "\"S-" + random.nextInt(30) + "\", \"tier\": \"1\"}}, \"quantity\": {\"ordered\": " + (10 + random.nextInt(
          200)) + ", \"delivered\": " + random.nextInt(200) + ", \"uom\": \"EA\"}, \"promisedDeliveryAt\": \""
          + at.plusSeconds(3600) + "\", \"deliveredAt\": \"" + at + "\", \"leadTimeMinutes\": " + random.nextInt(
          4000) + ", \"performance\": {\"onTime\": true, \"inFull\": false, \"otif\": false}}")
          .getBytes(StandardCharsets.UTF_8), i);
      csv[i] = record(("45000" + i + ",10," + local.format(at) + ",SKU-" + random.nextInt(2000) + ",P-0"
          + random.nextInt(5) + ",S-" + random.nextInt(30) + "," + random.nextInt(500) + ",EA,fasteners,A,EU-West,OPEN")
          .getBytes(StandardCharsets.UTF_8), i);
    }
  }

  @Benchmark
  public Optional<OperationalEvent> avroMapped() throws Exception {
    return avroMapper.map(avro[next()]);
  }

  /**
   * The baseline of the goal: the Confluent-framed record decoded with its writer schema into a new generic record
   * (a record that can be emitted downstream, as {@code ConfluentAvroDecoder} does), nothing mapped.
   */
  @Benchmark
  public GenericRecord avroDecodedOnly() throws IOException {
    byte[] value = avro[next()].value();
    decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
    return avroReader.read(null, decoder);
  }

  /** Decoding alone into one reused record: the least decoding can cost, not emittable. */
  @Benchmark
  public GenericRecord avroDecodedReusingRecord() throws IOException {
    byte[] value = avro[next()].value();
    decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
    avroReuse = avroReader.read(avroReuse, decoder);
    return avroReuse;
  }

  @Benchmark
  public Optional<OperationalEvent> jsonMapped() throws Exception {
    return jsonMapper.map(json[next()]);
  }

  @Benchmark
  public JsonNode jsonParsedOnly() throws IOException {
    return objectMapper.readTree(json[next()].value());
  }

  @Benchmark
  public Optional<OperationalEvent> csvMapped() throws Exception {
    return csvMapper.map(csv[next()]);
  }

  private int next() {
    next = (next + 1) & (RECORDS - 1);
    return next;
  }

  private static SourceDefinition source(SourceCatalog catalog, String name) {
    return catalog.sources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] value, long offset) {
    return new ConsumerRecord<>("bench", 0, offset, 1_772_440_000_000L, TimestampType.CREATE_TIME, -1, value.length,
        null, value, new RecordHeaders(), Optional.empty());
  }

  private static GenericRecord inspection(Schema schema, int i, Instant at, SplittableRandom random) {
    Schema lotSchema = schema.getField("lot").schema();
    GenericRecord supplier = new GenericData.Record(lotSchema.getField("supplier").schema());
    supplier.put("id", "S-" + random.nextInt(30));
    supplier.put("country", "PL");
    supplier.put("tier", "1");
    GenericRecord lot = new GenericData.Record(lotSchema);
    lot.put("lotNumber", "L-" + i);
    lot.put("skuCode", "SKU-" + random.nextInt(2000));
    lot.put("category", "fasteners");
    lot.put("size", 200 * (1 + random.nextInt(10)));
    lot.put("supplier", supplier);
    GenericRecord record = new GenericData.Record(schema);
    record.put("inspectionId", "qi-" + i);
    record.put("inspectedAt", at.toEpochMilli());
    record.put("plantCode", "P-0" + random.nextInt(5));
    record.put("lot", lot);
    record.put("defectCount", random.nextInt(5));
    record.put("result", "fail");
    return record;
  }

  private static byte[] wire(GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(1).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
