package io.fulcrum.dashboards.query;

import java.time.Instant;

/** The current (latest revision) value of one KPI window of one object. */
public record KpiPoint(ObjectKey object, Instant windowStart, Instant windowEnd, double value, long sampleCount,
        int revision) {}
