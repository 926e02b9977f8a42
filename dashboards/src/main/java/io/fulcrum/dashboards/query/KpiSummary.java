package io.fulcrum.dashboards.query;

import java.time.Instant;

/** A KPI that has values: over how many objects and windows, and the end of its latest window. */
public record KpiSummary(String kpiId, long objects, long windows, Instant latestWindowEnd) {}
