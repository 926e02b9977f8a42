package io.fulcrum.alert.internal;

import io.fulcrum.alert.Detection;
import io.fulcrum.alert.Direction;
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
     * @param what names the baseline in the reason, for example {@code "median of 24 windows"}
     * @param scale the baseline's scale, giving the normal band expected +/- k * scale (NaN: no band)
     */
    public static Detection judge(double value, double expected, double score, double scale, double k,
            double criticalK, Direction direction, String what) {
        String reason = String.format(Locale.ROOT, "value %s vs %s %s: score %.3f (warning beyond %s, critical beyond %s)",
                value, what, expected, score, k, criticalK);
        if (!direction.isAdverse(value - expected) || Math.abs(score) <= k) {
            return Detection.normal(value, expected, score, reason).withBand(expected - k * scale, expected + k * scale);
        }
        Severity severity = Math.abs(score) > criticalK ? Severity.CRITICAL : Severity.WARNING;
        return Detection.breach(severity, value, expected, score, reason)
                .withBand(expected - k * scale, expected + k * scale);
    }
}
