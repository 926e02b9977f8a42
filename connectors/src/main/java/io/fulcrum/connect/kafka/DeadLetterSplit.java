package io.fulcrum.connect.kafka;

import io.fulcrum.schema.DeadLetter;
import java.util.Objects;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes decoded records on and sends dead letters to a side output. */
public final class DeadLetterSplit<T> extends ProcessFunction<Either<DeadLetter, T>, T> {

  private static final long serialVersionUID = 1L;

  private final OutputTag<DeadLetter> deadLetters;

  public DeadLetterSplit(OutputTag<DeadLetter> deadLetters) {
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters tag can't be null");
  }

  @Override
  public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
    if (value.isRight()) {
      out.collect(value.right());
    } else {
      ctx.output(deadLetters, value.left());
    }
  }
}
