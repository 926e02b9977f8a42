package io.fulcrum.connect.source;

import io.fulcrum.schema.DeadLetterReason;
import java.util.Objects;

/** A record that cannot be mapped onto an event; it goes to the dead letters with {@link #reason()}. */
public class UnmappableRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public UnmappableRecordException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason can't be null");
  }

  /** A mapping failure; the message starts with its name. */
  static UnmappableRecordException of(MappingFailure failure, String message) {
    return new UnmappableRecordException(failure == MappingFailure.MALFORMED ? DeadLetterReason.CORRUPT_PAYLOAD
        : DeadLetterReason.INVALID_RECORD, failure.name() + ": " + message, null);
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
