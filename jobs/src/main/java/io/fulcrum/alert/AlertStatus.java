package io.fulcrum.alert;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one alert stands in its lifecycle after some window: open or not (and at which severity), the current
 * run of breaching or normal windows, and the recent open/resolve transitions that flapping is judged on. Immutable;
 * {@link AlertLifecycle#next} makes the next one.
 */
public final class AlertStatus {

    /** No window seen yet: closed, no streaks, no changes. */
    public static final AlertStatus INITIAL = new AlertStatus(false, null, 0, 0, false, 0L, false);

    private final boolean open;
    private final Severity severity;
    private final int breachStreak;
    private final int normalStreak;
    private final boolean hysteresisOpen;
    private final long changes;
    private final boolean flapping;

    AlertStatus(boolean open, Severity severity, int breachStreak, int normalStreak, boolean hysteresisOpen,
            long changes, boolean flapping) {
        if (open != (severity != null)) {
            throw new IllegalArgumentException("an open alert needs a severity and a closed one has none: open = "
                    + open + ", severity = " + severity);
        }
        this.open = open;
        this.severity = severity;
        this.breachStreak = breachStreak;
        this.normalStreak = normalStreak;
        this.hysteresisOpen = hysteresisOpen;
        this.changes = changes;
        this.flapping = flapping;
    }

    /** Restores a status from its parts (state serialization). */
    public static AlertStatus of(boolean open, Optional<Severity> severity, int breachStreak, int normalStreak,
            boolean hysteresisOpen, long changes, boolean flapping) {
        return new AlertStatus(open, severity.orElse(null), breachStreak, normalStreak, hysteresisOpen, changes,
                flapping);
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

    /** Whether hysteresis alone (without flapping suppression) has the alert open. */
    public boolean isHysteresisOpen() {
        return hysteresisOpen;
    }

    /** Bit i set: hysteresis alone opened or resolved the alert i windows ago (bit 0 = at the latest window). */
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
                && normalStreak == s.normalStreak && hysteresisOpen == s.hysteresisOpen && changes == s.changes && flapping == s.flapping;
    }

    @Override
    public int hashCode() {
        return Objects.hash(open, severity, breachStreak, normalStreak, hysteresisOpen, changes, flapping);
    }

    @Override
    public String toString() {
        return "AlertStatus{open=" + open + ", severity=" + severity + ", breachStreak=" + breachStreak
                + ", normalStreak=" + normalStreak + ", hysteresisOpen=" + hysteresisOpen + ", changes=" + Long.toBinaryString(changes)
                + ", flapping=" + flapping + '}';
    }
}
