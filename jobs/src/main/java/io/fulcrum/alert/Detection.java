package io.fulcrum.alert;

import java.util.Objects;
import java.util.Optional;

/**
 * What one detector concluded about one KPI window: normal, a breach (with severity), or that it lacks the
 * history it needs and therefore says nothing.
 *
 * <p>{@code expected} is the threshold or baseline the value was compared with and {@code score} the detector's
 * standardized distance from it (the value itself for threshold rules); both are {@link Double#NaN} when the
 * detector lacks history. {@code lower} and {@code upper} bound the band of normal values where the detector has
 * one (NaN for an unbounded side).
 *
 * <p>For the sentence an alert carries ({@link AlertReason}), a detection may also name its {@code basis} in an
 * operator's words (what the expected value is, e.g. "median of 48 past windows"; empty when the expected value is
 * a configured threshold) and the {@code statistic} it actually judged when that is not the window's value (the EWMA
 * statistic; NaN otherwise). {@code reason} stays the detector's technical account, for logs.
 */
public final class Detection {

    /** The three possible conclusions. */
    public enum Outcome {
        NORMAL,
        BREACH,
        INSUFFICIENT_HISTORY
    }

    private final Outcome outcome;
    private final Severity severity;
    private final double value;
    private final double expected;
    private final double score;
    private final String reason;
    private final double lower;
    private final double upper;
    private final String basis;
    private final double statistic;

    private Detection(Outcome outcome, Severity severity, double value, double expected, double score, String reason,
            double lower, double upper, String basis, double statistic) {
        this.outcome = outcome;
        this.severity = severity;
        this.value = value;
        this.expected = expected;
        this.score = score;
        this.reason = Objects.requireNonNull(reason, "reason can't be null");
        this.lower = lower;
        this.upper = upper;
        this.basis = Objects.requireNonNull(basis, "basis can't be null");
        this.statistic = statistic;
    }

    public static Detection normal(double value, double expected, double score, String reason) {
        return new Detection(Outcome.NORMAL, null, value, expected, score, reason, Double.NaN, Double.NaN, "",
                Double.NaN);
    }

    public static Detection breach(Severity severity, double value, double expected, double score, String reason) {
        return new Detection(Outcome.BREACH, Objects.requireNonNull(severity, "severity can't be null"),
                value, expected, score, reason, Double.NaN, Double.NaN, "", Double.NaN);
    }

    /**
     * @param needed how many past windows the detector needs
     * @param available how many it found
     */
    public static Detection insufficientHistory(double value, int needed, int available) {
        return new Detection(Outcome.INSUFFICIENT_HISTORY, null, value, Double.NaN, Double.NaN,
                "insufficient history: needs " + needed + " past windows, has " + available, Double.NaN, Double.NaN,
                "needs " + needed + " past windows, has " + available, Double.NaN);
    }

    /**
     * The same conclusion with the band of normal values; NaN for a side without bound.
     */
    public Detection withBand(double lower, double upper) {
        return new Detection(outcome, severity, value, expected, score, reason, lower, upper, basis, statistic);
    }

    /** The same conclusion naming what the expected value is, in an operator's words. */
    public Detection withBasis(String basis) {
        return new Detection(outcome, severity, value, expected, score, reason, lower, upper, basis, statistic);
    }

    /** The same conclusion with the statistic the detector judged instead of the window's value. */
    public Detection withStatistic(double statistic) {
        return new Detection(outcome, severity, value, expected, score, reason, lower, upper, basis, statistic);
    }

    /**
     * What the expected value is, in an operator's words (e.g. "median of 48 past windows"); for a detection that
     * lacks history, what it needs and has; empty for a configured threshold.
     */
    public String basis() {
        return basis;
    }

    /** The statistic judged instead of the window's value (EWMA), NaN when the value itself was judged. */
    public double statistic() {
        return statistic;
    }

    /** Lower bound of the normal band, NaN when unbounded below. */
    public double lower() {
        return lower;
    }

    /** Upper bound of the normal band, NaN when unbounded above. */
    public double upper() {
        return upper;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean isBreach() {
        return outcome == Outcome.BREACH;
    }

    /** Present only for a breach. */
    public Optional<Severity> severity() {
        return Optional.ofNullable(severity);
    }

    public double value() {
        return value;
    }

    public double expected() {
        return expected;
    }

    public double score() {
        return score;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Detection)) {
            return false;
        }
        Detection d = (Detection) o;
        return outcome == d.outcome && severity == d.severity && Double.compare(value, d.value) == 0
                && Double.compare(expected, d.expected) == 0 && Double.compare(score, d.score) == 0
                && reason.equals(d.reason) && Double.compare(lower, d.lower) == 0 && Double.compare(upper, d.upper) == 0
                && basis.equals(d.basis) && Double.compare(statistic, d.statistic) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, severity, value, expected, score, reason, lower, upper, basis, statistic);
    }

    @Override
    public String toString() {
        return outcome + (severity == null ? "" : "(" + severity + ")") + ": " + reason;
    }
}
