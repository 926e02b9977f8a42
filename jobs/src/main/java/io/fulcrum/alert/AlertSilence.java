package io.fulcrum.alert;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A mute window or a snooze from configuration: alert events of the matching KPI, object and rule whose event
 * time (a window's end, or an impact estimate's time) falls in {@code [from, until)} are held back. The lifecycle
 * keeps running underneath, so when the silence ends the receiver gets one event that brings it up to date (for
 * example OPENED for an alert that opened and is still open), never the churn in between.
 *
 * <p>{@link #ANY} matches every KPI, object or rule. A snooze is a silence of one alert from now until a time.
 */
public final class AlertSilence implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Wildcard for {@code kpiId}, {@code objectId} and {@code rule}. */
    public static final String ANY = "*";

    private final String kpiId;
    private final String objectId;
    private final String rule;
    private final Instant from;
    private final Instant until;
    private final String reason;

    private AlertSilence(String kpiId, String objectId, String rule, Instant from, Instant until, String reason) {
        this.kpiId = Objects.requireNonNull(kpiId, "kpiId can't be null");
        this.objectId = Objects.requireNonNull(objectId, "objectId can't be null");
        this.rule = Objects.requireNonNull(rule, "rule can't be null");
        this.from = Objects.requireNonNull(from, "from can't be null");
        this.until = Objects.requireNonNull(until, "until can't be null");
        this.reason = Objects.requireNonNull(reason, "reason can't be null");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("silence of kpi '" + kpiId + "', object '" + objectId + "': until = "
                    + until + " is not after from = " + from + ": give an end after the start");
        }
    }

    /**
     * @param kpiId a KPI id or {@link #ANY}
     * @param objectId a business object id or {@link #ANY}
     * @param rule a rule name (such as {@code "robust"} or {@code "guardrail/INIT-7"}) or {@link #ANY}
     */
    public static AlertSilence of(String kpiId, String objectId, String rule, Instant from, Instant until,
            String reason) {
        return new AlertSilence(kpiId, objectId, rule, from, until, reason);
    }

    /** Whether an event of this alert at {@code at} is held back. */
    public boolean covers(String kpiId, String objectId, String rule, Instant at) {
        return matches(this.kpiId, kpiId) && matches(this.objectId, objectId) && matches(this.rule, rule)
                && !at.isBefore(from) && at.isBefore(until);
    }

    private static boolean matches(String pattern, String value) {
        return ANY.equals(pattern) || pattern.equals(value);
    }

    public String kpiId() {
        return kpiId;
    }

    public String objectId() {
        return objectId;
    }

    public String rule() {
        return rule;
    }

    public Instant from() {
        return from;
    }

    public Instant until() {
        return until;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "AlertSilence{kpiId='" + kpiId + "', objectId='" + objectId + "', rule='" + rule + "', from=" + from
                + ", until=" + until + ", reason='" + reason + "'}";
    }
}
