package io.fulcrum.connect.avro;

import io.fulcrum.schema.DeadLetterReason;
import java.io.IOException;
import java.util.Objects;

/** A message that cannot be decoded into a record; {@link #reason()} says which way it failed. */
public class UndecodableRecordException extends IOException {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public UndecodableRecordException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason can't be null");
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
