package io.fulcrum.connect.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.testdata.OperationalEvents;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;
import org.junit.jupiter.api.Test;

class DeadLetterAwareWatermarksTest {

  private final DeadLetterAwareWatermarks<OperationalEvent> strategy = new DeadLetterAwareWatermarks<>(
      WatermarkStrategy.<OperationalEvent>forMonotonousTimestamps()
          .withTimestampAssigner((e, kafkaTs) -> e.getEventTime().toEpochMilli()));

  private static final Either<DeadLetter, OperationalEvent> LATE_DEAD_LETTER = Either.Left(DeadLetter.newBuilder()
      .setSourceTopic("t").setSourcePartition(0).setSourceOffset(9).setReasonCode(DeadLetterReason.TRUNCATED)
      .setReasonMessage("cut").setFailedAt(Instant.EPOCH).build());

  @Test
  void recordsTakeTheirEventTimeAndDeadLettersTheKafkaTimestamp() {
    TimestampAssigner<Either<DeadLetter, OperationalEvent>> assigner =
        strategy.createTimestampAssigner(new TimestampAssignerSupplier.Context() {
          @Override
          public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
          }
        });
    OperationalEvent event = OperationalEvents.delivery(3);
    assertThat(assigner.extractTimestamp(Either.Right(event), 42L)).isEqualTo(event.getEventTime().toEpochMilli());
    assertThat(assigner.extractTimestamp(LATE_DEAD_LETTER, 42L)).isEqualTo(42L);
  }

  @Test
  void deadLettersDoNotMoveTheWatermark() {
    WatermarkGenerator<Either<DeadLetter, OperationalEvent>> generator =
        strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
          @Override
          public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
          }

          @Override
          public RelativeClock getInputActivityClock() {
            return SystemClock.getInstance();
          }
        });
    List<Long> watermarks = new ArrayList<>();
    WatermarkOutput output = new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark watermark) {
        watermarks.add(watermark.getTimestamp());
      }

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };

    generator.onEvent(Either.Right(OperationalEvents.delivery(1)), 1_000L, output);
    generator.onPeriodicEmit(output);
    generator.onEvent(LATE_DEAD_LETTER, 9_000_000_000_000L, output);
    generator.onPeriodicEmit(output);

    // Monotonous timestamps: watermark = max timestamp - 1, and the dead letter's far-future timestamp is ignored.
    assertThat(watermarks).containsExactly(999L, 999L);
  }
}
