package io.fulcrum.connect.clickhouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the ClickHouse sink batches and retries. A batch is written when it reaches {@link #maxBatchRows()} rows or
 * {@link #maxBatchBytes()} bytes of RowBinary, when its first row is {@link #maxBatchDelay()} old, and before
 * every checkpoint. A transient failure is retried with exponential backoff from {@link #initialBackoff()} up to
 * {@link #maxBackoff()} for at most {@link #retryTimeout()}; then the job fails and restarts from its last
 * checkpoint.
 *
 * <p>Defaults: 50,000 rows, 16 MiB, 1 s delay, backoff 100 ms doubling to 5 s, 2 min of retries.
 */
public final class ClickHouseSinkOptions implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The largest maxBatchBytes: 1 GiB. */
    public static final long MAX_BATCH_BYTES_LIMIT = 1L << 30;

    private final int maxBatchRows;
    private final long maxBatchBytes;
    private final Duration maxBatchDelay;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration retryTimeout;

    private ClickHouseSinkOptions(Builder b) {
        this.maxBatchRows = b.maxBatchRows;
        this.maxBatchBytes = b.maxBatchBytes;
        this.maxBatchDelay = b.maxBatchDelay;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.retryTimeout = b.retryTimeout;
    }

    public static ClickHouseSinkOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxBatchRows() {
        return maxBatchRows;
    }

    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    public Duration maxBatchDelay() {
        return maxBatchDelay;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration retryTimeout() {
        return retryTimeout;
    }

    /** The wait before retry number {@code retry} (1 for the first retry): doubling, capped at maxBackoff. */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry number " + retry + " is below 1; the first retry is 1");
        }
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        int shift = Math.min(retry - 1, 30);
        long millis = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
        return Duration.ofMillis(millis);
    }

    @Override
    public String toString() {
        return "ClickHouseSinkOptions{maxBatchRows=" + maxBatchRows + ", maxBatchBytes=" + maxBatchBytes
                + ", maxBatchDelay=" + maxBatchDelay + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", retryTimeout=" + retryTimeout + "}";
    }

    /** Setters check their value; {@link #build()} checks the backoff bounds together. */
    public static final class Builder {
        private int maxBatchRows = 50_000;
        private long maxBatchBytes = 16L << 20;
        private Duration maxBatchDelay = Duration.ofSeconds(1);
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration retryTimeout = Duration.ofMinutes(2);

        private Builder() {}

        public Builder maxBatchRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("maxBatchRows " + rows + " is below 1; give the rows per insert");
            }
            this.maxBatchRows = rows;
            return this;
        }

        /** At most {@value #MAX_BATCH_BYTES_LIMIT}: a batch is held in one byte array until it is written. */
        public Builder maxBatchBytes(long bytes) {
            if (bytes < 1 || bytes > MAX_BATCH_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxBatchBytes " + bytes + " is outside 1.." + MAX_BATCH_BYTES_LIMIT
                        + "; a batch is held in memory as one array, so give at most 1 GiB per insert");
            }
            this.maxBatchBytes = bytes;
            return this;
        }

        public Builder maxBatchDelay(Duration delay) {
            this.maxBatchDelay = positive(delay, "maxBatchDelay");
            return this;
        }

        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = positive(backoff, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = positive(backoff, "maxBackoff");
            return this;
        }

        /** How long one batch may be retried; zero disables retries. */
        public Builder retryTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "retryTimeout can't be null");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("retryTimeout " + timeout + " is negative; use zero to disable "
                        + "retries");
            }
            this.retryTimeout = timeout;
            return this;
        }

        public ClickHouseSinkOptions build() {
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("initialBackoff " + initialBackoff + " exceeds maxBackoff "
                        + maxBackoff + "; raise maxBackoff or lower initialBackoff");
            }
            return new ClickHouseSinkOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " can't be null");
            if (d.isZero() || d.isNegative() || d.toMillis() == 0) {
                throw new IllegalArgumentException(name + " " + d + " is not positive; give at least 1 ms");
            }
            return d;
        }
    }
}
