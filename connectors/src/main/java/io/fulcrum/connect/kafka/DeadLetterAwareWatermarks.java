package io.fulcrum.connect.kafka;

import io.fulcrum.schema.DeadLetter;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Either;

/**
 * Applies a watermark strategy of the records to the source's mixed stream of records and dead letters, so
 * watermarks stay per Kafka partition: records are timestamped and watermarked by the strategy; dead letters
 * keep the Kafka timestamp and do not move watermarks.
 */
public final class DeadLetterAwareWatermarks<T> implements WatermarkStrategy<Either<DeadLetter, T>> {

  private static final long serialVersionUID = 1L;

  private final WatermarkStrategy<T> records;

  public DeadLetterAwareWatermarks(WatermarkStrategy<T> records) {
    this.records = Objects.requireNonNull(records, "watermark strategy can't be null");
  }

  @Override
  public WatermarkGenerator<Either<DeadLetter, T>> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    WatermarkGenerator<T> generator = records.createWatermarkGenerator(context);
    return new WatermarkGenerator<>() {
      @Override
      public void onEvent(Either<DeadLetter, T> event, long eventTimestamp, WatermarkOutput output) {
        if (event.isRight()) {
          generator.onEvent(event.right(), eventTimestamp, output);
        }
      }

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        generator.onPeriodicEmit(output);
      }
    };
  }

  @Override
  public TimestampAssigner<Either<DeadLetter, T>> createTimestampAssigner(
      TimestampAssignerSupplier.Context context) {
    TimestampAssigner<T> assigner = records.createTimestampAssigner(context);
    return (event, recordTimestamp) ->
        event.isRight() ? assigner.extractTimestamp(event.right(), recordTimestamp) : recordTimestamp;
  }

  @Override
  public WatermarkAlignmentParams getAlignmentParameters() {
    return records.getAlignmentParameters();
  }
}
