package io.fulcrum.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One lifecycle transition of one alert, as the plain-Java engine emits it; the Flink operator maps it onto the
 * Avro {@code KpiAlert}.
 *
 * <p>Times are event times: {@code at} is the end of the KPI window (or the impact estimate's computation time for
 * a guardrail) that caused the transition, so re-processing after a failure reproduces identical events and the
 * sinks can treat them idempotently. {@code sequence} counts the events of one alert id from 1, so a receiver can
 * order them and drop duplicates.
 */
public final class AlertEvent {

    private final String alertId;
    private final long sequence;
    private final AlertState state;
    private final String rule;
    private final String kpiId;
    private final String objectType;
    private final String objectId;
    private final Severity severity;
    private final boolean flapping;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final Detection detection;
    private final List<String> initiativeIds;
    private final Instant openedAt;
    private final Instant at;
    private final String reason;

    AlertEvent(long sequence, AlertState state, String rule, String kpiId, String objectType, String objectId,
            Severity severity, boolean flapping, Instant windowStart, Instant windowEnd, Detection detection,
            List<String> initiativeIds, Instant openedAt, Instant at, String reason) {
        this.alertId = alertId(rule, kpiId, objectType, objectId);
        this.sequence = sequence;
        this.state = Objects.requireNonNull(state);
        this.rule = rule;
        this.kpiId = kpiId;
        this.objectType = objectType;
        this.objectId = objectId;
        this.severity = Objects.requireNonNull(severity);
        this.flapping = flapping;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.detection = Objects.requireNonNull(detection);
        this.initiativeIds = List.copyOf(initiativeIds);
        this.openedAt = openedAt;
        this.at = at;
        this.reason = Objects.requireNonNull(reason, "reason can't be null");
    }

    /**
     * The stable id of the alert of one rule on one KPI of one object: a name-based (type 3) UUID of the four,
     * identical across restarts, revisions and re-deployments.
     */
    public static String alertId(String rule, String kpiId, String objectType, String objectId) {
        String name = "fulcrum-alert\u0000" + rule + '\u0000' + kpiId + '\u0000' + objectType + '\u0000' + objectId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String alertId() {
        return alertId;
    }

    public long sequence() {
        return sequence;
    }

    public AlertState state() {
        return state;
    }

    /** The detector's rule name, or {@code guardrail/<initiativeId>}. */
    public String rule() {
        return rule;
    }

    public String kpiId() {
        return kpiId;
    }

    public String objectType() {
        return objectType;
    }

    public String objectId() {
        return objectId;
    }

    /** For RESOLVED, the severity the alert had while open. */
    public Severity severity() {
        return severity;
    }

    /** Whether the alert is flapping: held open, notifications held until it settles. */
    public boolean isFlapping() {
        return flapping;
    }

    /** Why this event happened, as one sentence for an operator (see {@link AlertReason}). */
    public String reason() {
        return reason;
    }

    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }

    /** What the detector concluded on the window that caused this event. */
    public Detection detection() {
        return detection;
    }

    /** Ids of the initiatives active on the object during the window, sorted. */
    public List<String> initiativeIds() {
        return initiativeIds;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** Event time of this transition. */
    public Instant at() {
        return at;
    }

    /** Present for RESOLVED only. */
    public Optional<Instant> resolvedAt() {
        return state == AlertState.RESOLVED ? Optional.of(at) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AlertEvent)) {
            return false;
        }
        AlertEvent e = (AlertEvent) o;
        return alertId.equals(e.alertId) && sequence == e.sequence && state == e.state && severity == e.severity
                && flapping == e.flapping && Objects.equals(windowStart, e.windowStart)
                && Objects.equals(windowEnd, e.windowEnd) && detection.equals(e.detection)
                && initiativeIds.equals(e.initiativeIds) && Objects.equals(openedAt, e.openedAt) && at.equals(e.at)
                && reason.equals(e.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, sequence, state);
    }

    @Override
    public String toString() {
        return state + " #" + sequence + " " + rule + "/" + kpiId + "/" + objectType + ":" + objectId + " " + severity
                + (flapping ? " flapping" : "") + " window " + windowStart + ".." + windowEnd + " (" + detection + ")"
                + " initiatives " + initiativeIds + ": " + reason;
    }
}
