package io.fulcrum.dashboards.query;

import java.time.Instant;

/** The mean KPI value of an initiative's treated or control objects in one window. */
public record GroupPoint(String group, Instant windowStart, double meanValue, long objects) {

    public static final String TREATED = "treated";
    public static final String CONTROL = "control";
}
