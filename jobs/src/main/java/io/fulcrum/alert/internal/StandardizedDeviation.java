package io.fulcrum.alert.internal;

import io.fulcrum.alert.Detection;
import io.fulcrum.alert.Direction;
import io.fulcrum.alert.KpiLabel;
import io.fulcrum.alert.Severity;
import java.util.Locale;

/**
 * Judges a standardized score (baseline detectors) against a warning and a critical multiple, on the adverse
 * side only. A score exactly at a multiple does not breach it.
 */
public final class StandardizedDeviation {

    private StandardizedDeviation() {
    }

    /**
     * @param what names the baseline in an operator's words, for example {@code "median of 24 past windows"}; it
     *     becomes the detection's {@link Detection#basis()} and part of its reason
     * @param scale the baseline's scale, giving the normal band expected +/- k * scale (NaN: no band)
     */
    public static Detection judge(double value, double expected, double score, double scale, double k,
            double criticalK, Direction direction, String what) {
        String reason = String.format(Locale.ROOT, "value %s vs %s %s: score %.3f (warning beyond %s, critical beyond %s)",
                value, what, expected, score, k, criticalK);
        if (!direction.isAdverse(value - expected) || Math.abs(score) <= k) {
            return Detection.normal(value, expected, score, reason).withBand(expected - k * scale, expected + k * scale)
                    .withBasis(what);
        }
        Severity severity = Math.abs(score) > criticalK ? Severity.CRITICAL : Severity.WARNING;
        return Detection.breach(severity, value, expected, score, reason)
                .withBand(expected - k * scale, expected + k * scale).withBasis(what);
    }

    /**
     * The finding of a {@link #judge}d detection in an operator's words, e.g. "below the expected 11 (median of 12
     * past windows) by 4.05 robust standard deviations, beyond the warning limit of 3.5", or for a normal window
     * "within the normal range 5.811 to 16.19 around the expected 11 (median of 12 past windows)".
     *
     * @param judged the quantity compared with the expected value: the window's value, or the EWMA statistic
     * @param deviations what the score counts, e.g. "robust standard deviations"
     */
    public static String explain(Detection detection, double judged, double k, double criticalK, String deviations,
            KpiLabel label) {
        String side = judged < detection.expected() ? "below" : "above";
        String expected = "the expected " + label.value(detection.expected()) + " (" + detection.basis() + ")";
        double distance = Math.abs(detection.score());
        if (detection.isBreach()) {
            if (Double.isInfinite(distance)) {
                return side + " " + expected + ", which never varied";
            }
            boolean critical = detection.severity().orElseThrow() == Severity.CRITICAL;
            return side + " " + expected + " by " + KpiLabel.statistic(distance) + " " + deviations + ", beyond the "
                    + (critical ? "critical" : "warning") + " limit of " + KpiLabel.statistic(critical ? criticalK : k);
        }
        if (distance > k) {
            return side + " " + expected + ", on the good side";
        }
        if (Double.isNaN(detection.lower()) || Double.isNaN(detection.upper())) {
            return "within " + KpiLabel.statistic(k) + " " + deviations + " of " + expected;
        }
        return "within the normal range " + label.value(detection.lower()) + " to " + label.value(detection.upper())
                + " around " + expected;
    }
}
