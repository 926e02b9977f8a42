package io.fulcrum.connect.registry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Retries of registry requests that failed with an I/O error, HTTP 429 or a 5xx status (and only those: a 4xx
 * answer is final). Waits {@code initialBackoff * 2^(attempt-1)}, capped at {@code maxBackoff}, between
 * attempts; a 429 with a {@code Retry-After} in seconds waits that long instead (also capped).
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialBackoff wait before the second attempt, not negative
 * @param maxBackoff longest single wait, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements Serializable {

  /** 5 attempts, 100 ms doubling up to 2 s: rides out a registry restart of a few seconds. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff can't be null");
    Objects.requireNonNull(maxBackoff, "maxBackoff can't be null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("retry maxAttempts is " + maxAttempts + ": use 1 for no retries");
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("retry initialBackoff is " + initialBackoff + ": it can't be negative");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("retry maxBackoff " + maxBackoff + " is shorter than initialBackoff "
          + initialBackoff + ": raise maxBackoff");
    }
  }

  /** No retries: one attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (attempt >= 1). */
  Duration backoffAfter(int attempt) {
    long millis = initialBackoff.toMillis();
    for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
