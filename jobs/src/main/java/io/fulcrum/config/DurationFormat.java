package io.fulcrum.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every Fulcrum configuration file writes a duration: a whole number and a unit ({@code 250ms}, {@code 90s},
 * {@code 15m}, {@code 1h}, {@code 2d}, {@code 1w}), or ISO-8601 ({@code PT1H30M}). One format for KPI definitions,
 * {@code fulcrum.yaml}, {@code alerts.yaml} and initiatives, so a value that works in one file works in all.
 */
public final class DurationFormat {

    /** The fix every error message offers. */
    public static final String FIX = "write a whole number and a unit ms, s, m, h, d or w, e.g. 1h or 30m";

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private DurationFormat() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException {@code '<text>' is not a duration: <fix>}
     */
    public static Duration parse(String text) {
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                case "d": return Duration.ofDays(n);
                default: return Duration.ofDays(7 * n);
            }
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                // reported below with the accepted forms
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: " + FIX);
    }
}
