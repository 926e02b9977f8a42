package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class SourceDeserializationSchemaTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  private final Map<String, Counter> counters = new TreeMap<>();
  private final List<Either<DeadLetter, OperationalEvent>> out = new ArrayList<>();

  @Test
  void eventsPassSkippedRecordsAreCountedAndUnmappableOnesBecomeDeadLettersNamingTheSource() throws Exception {
    SourceDefinition erp = SourceDefinitionFile.parse("""
        name: erp
        topic: erp.order-lines
        format: csv
        columns: [id, at, sku, status]
        eventType: {constant: order_created}
        eventTime: {field: at, form: epoch-millis}
        objects: {primary: {type: sku, field: sku}}
        filter: {skip: [{field: status, in: [DRAFT]}]}
        """, "erp.yaml");
    SourceDeserializationSchema schema = new SourceDeserializationSchema(erp, null,
        Clock.fixed(NOW, ZoneOffset.UTC));
    schema.open(context());
    Collector<Either<DeadLetter, OperationalEvent>> collector = new Collector<>() {
      @Override
      public void collect(Either<DeadLetter, OperationalEvent> record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };

    schema.deserialize(Records.record("1,1772439300000,SKU-1,OPEN"), collector);
    schema.deserialize(Records.record("2,1772439300000,SKU-1,DRAFT"), collector);
    schema.deserialize(Records.record("3,yesterday,SKU-1,OPEN"), collector);

    assertThat(out).hasSize(2);
    assertThat(out.get(0).right().getObject().getId()).isEqualTo("SKU-1");
    DeadLetter deadLetter = out.get(1).left();
    assertThat(deadLetter.getReasonCode()).isEqualTo(DeadLetterReason.INVALID_RECORD);
    assertThat(deadLetter.getReasonMessage()).isEqualTo("source 'erp': UNPARSABLE_TIME: event time field 'at' holds "
        + "text 'yesterday', expected whole milliseconds since 1970-01-01T00:00Z, e.g. 1772439300000");
    assertThat(deadLetter.getValue()).isEqualTo(ByteBuffer.wrap("3,yesterday,SKU-1,OPEN".getBytes(
        StandardCharsets.UTF_8)));
    assertThat(deadLetter.getSourceTopic()).isEqualTo(Records.TOPIC);
    assertThat(deadLetter.getSourceOffset()).isEqualTo(7);
    assertThat(deadLetter.getFailedAt()).isEqualTo(NOW);
    assertThat(counters).containsOnlyKeys(expectedCounterNames());
    assertThat(counters.get("numSkippedRecords").getCount()).isEqualTo(1);
    assertThat(counters.get("numDeadLetters").getCount()).isEqualTo(1);
    assertThat(counters.get("reason.INVALID_RECORD.numDeadLetters").getCount()).isEqualTo(1);
    assertThat(counters.get("reason.CORRUPT_PAYLOAD.numDeadLetters").getCount()).isZero();
  }

  private static List<String> expectedCounterNames() {
    List<String> names = new ArrayList<>(List.of("numSkippedRecords", "numDeadLetters"));
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      names.add("reason." + reason.name() + ".numDeadLetters");
    }
    return names;
  }

  private DeserializationSchema.InitializationContext context() {
    MetricGroup metrics = new Group("");
    return new DeserializationSchema.InitializationContext() {
      @Override
      public MetricGroup getMetricGroup() {
        return metrics;
      }

      @Override
      public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
      }
    };
  }

  /** Keeps counters by dotted name so the test can read them; a job hands them to its metric reporters. */
  private final class Group extends UnregisteredMetricsGroup {
    private final String prefix;

    Group(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(prefix + name, n -> new SimpleCounter());
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      return new Group(prefix + key + "." + value + ".");
    }
  }
}
