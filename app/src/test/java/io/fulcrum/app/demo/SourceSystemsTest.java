package io.fulcrum.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fulcrum.connect.source.RecordMapper;
import io.fulcrum.connect.source.SourceDefinition;
import io.fulcrum.connect.source.SourceDefinitionFile;
import io.fulcrum.schema.OperationalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's stand-in source systems against the shipped source definitions: every record they publish maps back,
 * through the same mappers the pipeline uses, to the event the generator made (no Kafka: the mappers take records).
 */
class SourceSystemsTest {

    private static final Path SOURCES = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("config/demo/sources");
    private static final int SCHEMA_ID = 7;

    private static List<OperationalEvent> events;
    private static SourceSystems systems;
    private static Schema inspection;

    @BeforeAll
    static void generate() throws IOException {
        SupplyChainWorld world = new SupplyChainWorld();
        events = new OperationalEventGenerator(world, DemoRun.START, 14, DemoRun.START.plus(Duration.ofDays(7)),
                DemoRun.START.plus(Duration.ofDays(5)), Duration.ofDays(2), 11).generate();
        inspection = new Schema.Parser().parse(SOURCES.resolve("schemas/InspectionResult.avsc").toFile());
        systems = new SourceSystems(world, inspection);
    }

    @Test
    void generatorIsDeterministicAndArrivesInIngestionOrder() {
        SupplyChainWorld world = new SupplyChainWorld();
        List<OperationalEvent> again = new OperationalEventGenerator(world, DemoRun.START, 14,
                DemoRun.START.plus(Duration.ofDays(7)), DemoRun.START.plus(Duration.ofDays(5)), Duration.ofDays(2),
                11).generate();
        assertThat(again).isEqualTo(events);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getIngestionTime()).isAfterOrEqualTo(events.get(i - 1).getIngestionTime());
        }
        assertThat(events.stream().map(OperationalEvent::getSource).collect(Collectors.toSet()))
                .isEqualTo(Set.of("tms-eu", "qms", "erp"));
    }

    @Test
    void transportSystemJsonMapsBackToTheDelivery() throws Exception {
        RecordMapper tms = RecordMapper.of(definition("tms-eu.yaml"), null);
        for (OperationalEvent e : of("tms-eu")) {
            assertThat(tms.map(record(systems.tmsDispatched(e)))).as("dispatch notices are skipped").isEmpty();
            OperationalEvent mapped = tms.map(record(systems.tmsShipment(e))).orElseThrow();
            assertSameEvent(mapped, e, e.getEventId());
            e.getMeasures().forEach((name, value) ->
                    assertThat(mapped.getMeasures().get(name)).as(name).isCloseTo(value, within(1e-9)));
            assertThat(mapped.getAttributes()).containsAllEntriesOf(Map.of("carrier",
                    e.getAttributes().get("carrier"), "otif", e.getAttributes().get("otif")));
        }
    }

    @Test
    void qualitySystemAvroMapsBackToTheInspection() throws Exception {
        RecordMapper qms = RecordMapper.of(definition("qms.yaml"), id -> {
            assertThat(id).isEqualTo(SCHEMA_ID);
            return inspection;
        });
        for (OperationalEvent e : of("qms")) {
            OperationalEvent mapped = qms.map(record(avro(systems.qmsInspection(e)))).orElseThrow();
            assertSameEvent(mapped, e, e.getEventId());
            assertThat(mapped.getMeasures()).isEqualTo(e.getMeasures()); // a clean lot's empty count reads as 0
        }
    }

    @Test
    void erpCsvMapsBackToTheOrderLineInItsLocalTime() throws Exception {
        RecordMapper erp = RecordMapper.of(definition("erp.yaml"), null);
        for (OperationalEvent e : of("erp")) {
            OperationalEvent mapped = erp.map(record(systems.erpOrderLine(e))).orElseThrow();
            String orderId = "45" + String.format("%08d", Integer.parseInt(e.getEventId().substring(4)));
            assertSameEvent(mapped, e, orderId + ":10");
            assertThat(mapped.getMeasures()).isEqualTo(e.getMeasures());
        }
    }

    private static void assertSameEvent(OperationalEvent mapped, OperationalEvent original, String eventId) {
        assertThat(mapped.getEventId()).isEqualTo(eventId);
        assertThat(mapped.getEventType()).isEqualTo(original.getEventType());
        assertThat(mapped.getEventTime()).isEqualTo(original.getEventTime());
        assertThat(mapped.getObject()).isEqualTo(original.getObject());
        assertThat(Set.copyOf(mapped.getRelatedObjects())).isEqualTo(Set.copyOf(original.getRelatedObjects()));
    }

    private static List<OperationalEvent> of(String source) {
        List<OperationalEvent> list = events.stream().filter(e -> e.getSource().equals(source)).toList();
        assertThat(list).as(source + " events").isNotEmpty();
        return list;
    }

    private static SourceDefinition definition(String file) {
        return SourceDefinitionFile.read(SOURCES.resolve(file));
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("topic", 0, 0L, Instant.parse("2026-11-27T00:00:00Z").toEpochMilli(),
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, value.length, null, value,
                new org.apache.kafka.common.header.internals.RecordHeaders(), Optional.empty());
    }

    /** Confluent wire format: magic byte 0, the schema id big-endian, then Avro binary. */
    private static byte[] avro(GenericRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(SCHEMA_ID).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(r.getSchema()).write(r, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
