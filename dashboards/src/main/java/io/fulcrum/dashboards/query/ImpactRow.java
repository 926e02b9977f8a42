package io.fulcrum.dashboards.query;

import java.util.Optional;

/**
 * The latest impact estimate of an initiative on one KPI, for the treated group ({@link #object()} empty) or one
 * treated object, by one method.
 */
public record ImpactRow(String kpiId, String scope, Optional<ObjectKey> object, String method, double preMean,
        double postMean, double absoluteEffect, Optional<Double> relativeEffect, double intervalLower,
        double intervalUpper, double intervalLevel, Optional<Double> pValue, long controlCount, String verdict,
        int revision) {}
