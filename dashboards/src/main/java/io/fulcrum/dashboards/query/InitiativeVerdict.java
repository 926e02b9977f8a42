package io.fulcrum.dashboards.query;

import java.time.Instant;
import java.util.Optional;

/**
 * An initiative with its latest treated-group estimate for one KPI and method; {@link #estimate()} is empty while
 * the initiative has no estimate yet.
 */
public record InitiativeVerdict(String initiativeId, String title, String owner, String status, Instant startTime,
        Optional<Estimate> estimate) {

    /** The treated group's effect by one method; relative effect and p-value are empty when not defined. */
    public record Estimate(String kpiId, String method, double absoluteEffect, Optional<Double> relativeEffect,
            Optional<Double> pValue, String verdict) {}
}
