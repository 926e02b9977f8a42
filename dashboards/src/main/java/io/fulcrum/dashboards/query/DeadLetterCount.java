package io.fulcrum.dashboards.query;

import java.time.Instant;

/** How many records of a topic were rejected for one reason, when first and last, and the latest message. */
public record DeadLetterCount(String reasonCode, String sourceTopic, long records, Instant firstFailedAt,
        Instant lastFailedAt, String latestMessage) {}
