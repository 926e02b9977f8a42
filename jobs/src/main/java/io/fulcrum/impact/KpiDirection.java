package io.fulcrum.impact;

/** Which way a KPI should move for the business: OTIF up is good, lead time up is bad. */
public enum KpiDirection {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER
}
