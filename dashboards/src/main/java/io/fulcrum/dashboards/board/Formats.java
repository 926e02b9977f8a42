package io.fulcrum.dashboards.board;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How the board writes numbers and times: at most four decimals, times in UTC, the same on every page. */
final class Formats {

    static final String NONE = "\u2013";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private Formats() {}

    /** {@code 0.75}, {@code 1200}, {@code 0.1429}: four decimals at most, no trailing zeros. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    static String number(Optional<Double> value) {
        return value.map(Formats::number).orElse(NONE);
    }

    /** An effect with its sign: {@code +0.1}, {@code -0.05}, {@code 0}. */
    static String signed(double value) {
        String plain = number(value);
        return value > 0 && !plain.equals("0") ? "+" + plain : plain;
    }

    /** A relative effect as a signed percentage with one decimal: {@code +14.3%}. */
    static String percent(Optional<Double> ratio) {
        return ratio.map(r -> {
            BigDecimal pct = BigDecimal.valueOf(r * 100).setScale(1, RoundingMode.HALF_UP);
            return (pct.signum() > 0 ? "+" : "") + pct.toPlainString() + "%";
        }).orElse(NONE);
    }

    /** {@code 2026-03-02 05:00} (UTC). */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String time(Optional<Instant> instant) {
        return instant.map(Formats::time).orElse(NONE);
    }

    /** {@code 1d}, {@code 12h}, {@code 1d 6h}, {@code 30m}. */
    static String duration(Optional<Duration> duration) {
        if (duration.isEmpty()) {
            return NONE;
        }
        Duration d = duration.get();
        StringBuilder out = new StringBuilder();
        if (d.toDays() > 0) {
            out.append(d.toDays()).append('d');
        }
        if (d.toHoursPart() > 0) {
            out.append(out.isEmpty() ? "" : " ").append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(out.isEmpty() ? "" : " ").append(d.toMinutesPart()).append('m');
        }
        return out.isEmpty() ? "0m" : out.toString();
    }
}
