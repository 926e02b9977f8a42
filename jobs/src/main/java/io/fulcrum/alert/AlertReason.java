package io.fulcrum.alert;

import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactMethod;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one sentence an alert event carries so that an operator understands it without the docs: which KPI of which
 * object, the observed value and its window, what the detector expected (threshold, baseline or band) and its limit,
 * the detector; then what changed in the lifecycle (severity, flapping) and, for a resolved alert, why it resolved.
 *
 * <p>Example: "OTIF (route DE-FR) was 0.71 in the window 2026-10-12 13:00-14:00 UTC, below the critical threshold
 * 0.8 (threshold detector)". Times are UTC; a window of one whole day reads "on 2026-10-12 (UTC)". The detector's
 * part comes from {@link Detector#explain}; values are written by the KPI's {@link KpiLabel}.
 */
final class AlertReason {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private AlertReason() {
    }

    /**
     * The sentence of a detector's alert event.
     *
     * @param state the transition the event reports
     * @param status the lifecycle status after the window
     * @param severityBefore the severity receivers last saw (null when the alert was not open)
     * @param flappingBefore whether receivers last saw the alert flapping
     */
    static String of(AlertPolicy policy, Detector detector, String objectType, String objectId, Instant windowStart,
            Instant windowEnd, Detection detection, AlertState state, AlertStatus status, Severity severityBefore,
            boolean flappingBefore) {
        KpiLabel label = policy.label();
        StringBuilder s = new StringBuilder(subject(label, objectType, objectId))
                .append(" was ").append(label.value(detection.value())).append(' ')
                .append(window(windowStart, windowEnd)).append(", ");
        if (detection.outcome() == Detection.Outcome.INSUFFICIENT_HISTORY) {
            s.append("not judged for lack of history (").append(detection.basis()).append(')');
        } else {
            s.append(detector.explain(detection, policy.direction(), label));
        }
        s.append(" (").append(detector.rule()).append(" detector)");

        AlertLifecycle lifecycle = policy.lifecycle();
        int changeCount = Long.bitCount(status.changes());
        String changes = "opened or resolved " + (changeCount == 1 ? "once" : changeCount + " times") + " in the last "
                + lifecycle.flapWindow() + " windows";
        if (state == AlertState.UPDATED && status.severity().orElseThrow() != severityBefore) {
            s.append("; now ").append(name(status.severity().orElseThrow())).append(", was ").append(name(severityBefore));
        }
        if (state != AlertState.RESOLVED && status.isFlapping()) {
            s.append("; flapping (").append(changes).append("): held open, notifications held until it settles");
        } else if (state == AlertState.UPDATED && flappingBefore) {
            s.append("; no longer flapping");
        }
        if (state == AlertState.RESOLVED) {
            int normal = status.normalStreak();
            if (flappingBefore || normal < lifecycle.resolveAfter()) {
                s.append("; resolved: no longer flapping (").append(changes).append(')');
                if (normal > 0) {
                    s.append(" and normal for ").append(windows(normal, "window")).append(" in a row");
                }
            } else {
                s.append("; resolved after ").append(windows(normal, "normal window")).append(" in a row");
            }
        }
        return s.toString();
    }

    /**
     * The sentence of a guardrail event: the estimate's verdict on the KPI of the object (or of the initiative's
     * treated group), with the means before and after, the effect and its interval, the method and revision.
     */
    static String guardrail(KpiLabel label, String objectType, String objectId, ImpactEstimate e, boolean worsened) {
        String interval = KpiLabel.statistic(e.getIntervalLevel() * 100) + "% interval "
                + label.value(e.getIntervalLower()) + " to " + label.value(e.getIntervalUpper());
        String estimate = method(e.getMethod()) + " estimate (revision " + e.getRevision() + ")";
        String subject = subject(label, objectType, objectId);
        if (worsened) {
            return subject + " worsened under initiative " + e.getInitiativeId() + ": " + label.value(e.getPostMean())
                    + " since its start against " + label.value(e.getPreMean()) + " before, an effect of "
                    + label.value(e.getAbsoluteEffect()) + " (" + interval + ") by the " + estimate
                    + " (guardrail detector)";
        }
        return subject + " is no longer found worse under initiative " + e.getInitiativeId() + ": the latest "
                + estimate + " finds " + verdict(e) + ", an effect of " + label.value(e.getAbsoluteEffect()) + " ("
                + interval + "); resolved (guardrail detector)";
    }

    private static String subject(KpiLabel label, String objectType, String objectId) {
        String object = AlertInput.GROUP_OBJECT_TYPE.equals(objectType)
                ? "objects of initiative " + objectId
                : objectType + " " + objectId;
        return label.name() + " (" + object + ")";
    }

    /** "in the window 2026-10-12 13:00-14:00 UTC", "on 2026-10-12 (UTC)" or, across days, both ends in full. */
    static String window(Instant start, Instant end) {
        LocalDateTime from = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        LocalDateTime to = LocalDateTime.ofInstant(end, ZoneOffset.UTC);
        boolean endsAtMidnight = to.toLocalTime().equals(LocalTime.MIDNIGHT);
        if (from.toLocalTime().equals(LocalTime.MIDNIGHT) && to.equals(from.plusDays(1))) {
            return "on " + from.toLocalDate() + " (UTC)";
        }
        if (to.toLocalDate().equals(from.toLocalDate())) {
            return "in the window " + DATE_TIME.format(from) + "-" + TIME.format(to) + " UTC";
        }
        if (endsAtMidnight && to.toLocalDate().equals(from.toLocalDate().plusDays(1))) {
            return "in the window " + DATE_TIME.format(from) + "-24:00 UTC";
        }
        return "in the window " + DATE_TIME.format(from) + " - " + DATE_TIME.format(to) + " UTC";
    }

    private static String windows(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String name(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    private static String method(ImpactMethod method) {
        return method == ImpactMethod.PRE_POST
                ? "pre/post"
                : method.name().toLowerCase(Locale.ROOT).replace("_in_", "-in-").replace('_', ' ');
    }

    private static String verdict(ImpactEstimate e) {
        switch (e.getVerdict()) {
            case IMPROVED:
                return "an improvement";
            case NO_SIGNIFICANT_EFFECT:
                return "no significant effect";
            case INSUFFICIENT_DATA:
                return "too little data to tell";
            default:
                return "the verdict " + e.getVerdict();
        }
    }
}
