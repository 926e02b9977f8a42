package io.fulcrum.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import io.fulcrum.schema.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter reasons that are decided before the registry is asked (magic byte, header length, tombstone).
 * The registry URL points nowhere on purpose: these records must never reach it. The reasons that need the
 * registry are proven end to end in DeadLetterITCase.
 */
class DeadLetteringDeserializationSchemaTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

  private final RecordingMetricGroup metrics = new RecordingMetricGroup();
  private final List<Either<DeadLetter, OperationalEvent>> out = new ArrayList<>();
  private DeadLetteringDeserializationSchema<OperationalEvent> schema;

  @BeforeEach
  void open() {
    schema = new DeadLetteringDeserializationSchema<>(AvroRecordFormat.specific(OperationalEvent.class),
        SchemaRegistryConfig.of("http://127.0.0.1:9"), Clock.fixed(NOW, ZoneOffset.UTC));
    schema.open(new DeserializationSchema.InitializationContext() {
      @Override
      public MetricGroup getMetricGroup() {
        return metrics;
      }

      @Override
      public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
      }
    });
  }

  @Test
  void wrongMagicByteBecomesADeadLetterWithTheOriginalRecord() throws Exception {
    byte[] key = "sku/SKU-1".getBytes(StandardCharsets.UTF_8);
    byte[] value = "{\"json\":true}".getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", new byte[] {1, 2});
    headers.add("empty", null);
    schema.deserialize(new ConsumerRecord<>("fulcrum.events", 3, 42L, 1_700_000_000_123L,
        TimestampType.CREATE_TIME, key.length, value.length, key, value, headers, Optional.empty()), collector());

    DeadLetter expected = DeadLetter.newBuilder()
        .setSourceTopic("fulcrum.events")
        .setSourcePartition(3)
        .setSourceOffset(42L)
        .setSourceTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
        .setKey(ByteBuffer.wrap(key))
        .setValue(ByteBuffer.wrap(value))
        .setHeaders(List.of(new RecordHeader("trace", ByteBuffer.wrap(new byte[] {1, 2})),
            new RecordHeader("empty", null)))
        .setReasonCode(DeadLetterReason.WRONG_MAGIC_BYTE)
        .setReasonMessage("the value starts with byte 123, expected the Confluent wire-format magic byte 0")
        .setFailedAt(NOW)
        .build();
    assertThat(out).singleElement().satisfies(e -> assertThat(e.left()).isEqualTo(expected));
    assertThat(metrics.count("numDeadLetters")).isEqualTo(1);
    assertThat(metrics.count("reason.WRONG_MAGIC_BYTE.numDeadLetters")).isEqualTo(1);
  }

  @Test
  void valueShorterThanTheHeaderIsTruncated() throws Exception {
    schema.deserialize(new ConsumerRecord<>("t", 0, 7L, null, new byte[] {0, 0, 1}), collector());

    DeadLetter letter = out.get(0).left();
    assertThat(letter.getReasonCode()).isEqualTo(DeadLetterReason.TRUNCATED);
    assertThat(letter.getReasonMessage()).isEqualTo("the value has 3 bytes, fewer than the 5-byte wire-format header");
    assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {0, 0, 1}));
    assertThat(letter.getKey()).isNull();
    assertThat(metrics.count("reason.TRUNCATED.numDeadLetters")).isEqualTo(1);
  }

  @Test
  void emptyValueAndTombstoneAreDeadLetteredAndCountedPerReason() throws Exception {
    schema.deserialize(new ConsumerRecord<>("t", 0, 1L, null, new byte[0]), collector());
    schema.deserialize(new ConsumerRecord<>("t", 0, 2L, null, null), collector());
    schema.deserialize(new ConsumerRecord<>("t", 0, 3L, null, new byte[] {1, 0, 0, 0, 1, 2}), collector());

    assertThat(out).extracting(e -> e.left().getReasonCode()).containsExactly(
        DeadLetterReason.WRONG_MAGIC_BYTE, DeadLetterReason.INVALID_RECORD, DeadLetterReason.WRONG_MAGIC_BYTE);
    assertThat(out).extracting(e -> e.left().getSourceOffset()).containsExactly(1L, 2L, 3L);
    assertThat(out.get(1).left().getValue()).isNull();
    assertThat(metrics.count("numDeadLetters")).isEqualTo(3);
    assertThat(metrics.count("reason.WRONG_MAGIC_BYTE.numDeadLetters")).isEqualTo(2);
    assertThat(metrics.count("reason.INVALID_RECORD.numDeadLetters")).isEqualTo(1);
    assertThat(metrics.count("reason.UNKNOWN_SCHEMA_ID.numDeadLetters")).isZero();
  }

  @Test
  void producesRecordsAndDeadLettersWithAvroTypeInformation() {
    assertThat(schema.getProducedType().toString())
        .startsWith("Either <")
        .contains(DeadLetter.class.getName(), OperationalEvent.class.getName());
  }

  private Collector<Either<DeadLetter, OperationalEvent>> collector() {
    return new Collector<>() {
      @Override
      public void collect(Either<DeadLetter, OperationalEvent> record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };
  }
}
