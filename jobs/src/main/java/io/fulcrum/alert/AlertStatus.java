package io.fulcrum.alert;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one alert stands in its lifecycle after some window: open or not (and at which severity), the current
 * run of breaching or normal windows, and the recent breach/normal changes that flapping is judged on. Immutable;
 * {@link AlertLifecycle#next} makes the next one.
 */
public final class AlertStatus {

    /** No window seen yet: closed, no streaks, no changes. */
    public static final AlertStatus INITIAL = new AlertStatus(false, null, 0, 0, LastOutcome.NONE, 0L, false);

    /** The previous window's raw outcome, for counting changes. */
    public enum LastOutcome {
        NONE,
        NORMAL,
        BREACH
    }

    private final boolean open;
    private final Severity severity;
    private final int breachStreak;
    private final int normalStreak;
    private final LastOutcome last;
    private final long changes;
    private final boolean flapping;

    AlertStatus(boolean open, Severity severity, int breachStreak, int normalStreak, LastOutcome last, long changes,
            boolean flapping) {
        if (open != (severity != null)) {
            throw new IllegalArgumentException("an open alert needs a severity and a closed one has none: open = "
                    + open + ", severity = " + severity);
        }
        this.open = open;
        this.severity = severity;
        this.breachStreak = breachStreak;
        this.normalStreak = normalStreak;
        this.last = Objects.requireNonNull(last, "last can't be null");
        this.changes = changes;
        this.flapping = flapping;
    }

    /** Restores a status from its parts (state serialization). */
    public static AlertStatus of(boolean open, Optional<Severity> severity, int breachStreak, int normalStreak,
            LastOutcome last, long changes, boolean flapping) {
        return new AlertStatus(open, severity.orElse(null), breachStreak, normalStreak, last, changes, flapping);
    }

    public boolean isOpen() {
        return open;
    }

    /** Present exactly when open. */
    public Optional<Severity> severity() {
        return Optional.ofNullable(severity);
    }

    public int breachStreak() {
        return breachStreak;
    }

    public int normalStreak() {
        return normalStreak;
    }

    public LastOutcome last() {
        return last;
    }

    /** Bit i set: the raw outcome changed i windows ago (bit 0 = at the latest window). */
    public long changes() {
        return changes;
    }

    public boolean isFlapping() {
        return flapping;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AlertStatus)) {
            return false;
        }
        AlertStatus s = (AlertStatus) o;
        return open == s.open && severity == s.severity && breachStreak == s.breachStreak
                && normalStreak == s.normalStreak && last == s.last && changes == s.changes && flapping == s.flapping;
    }

    @Override
    public int hashCode() {
        return Objects.hash(open, severity, breachStreak, normalStreak, last, changes, flapping);
    }

    @Override
    public String toString() {
        return "AlertStatus{open=" + open + ", severity=" + severity + ", breachStreak=" + breachStreak
                + ", normalStreak=" + normalStreak + ", last=" + last + ", changes=" + Long.toBinaryString(changes)
                + ", flapping=" + flapping + '}';
    }
}
