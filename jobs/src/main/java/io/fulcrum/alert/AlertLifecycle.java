package io.fulcrum.alert;

import io.fulcrum.alert.internal.Arguments;
import java.io.Serializable;

/**
 * The lifecycle rules of an alert: hysteresis and flapping suppression. Immutable; a pure function from the
 * previous {@link AlertStatus} and a window's {@link Detection} to the next status.
 *
 * <ul>
 *   <li>Hysteresis: a closed alert opens after {@code openAfter} consecutive breaching windows; an open one
 *       resolves after {@code resolveAfter} consecutive normal windows. While open, its severity follows the
 *       latest breaching window.</li>
 *   <li>Flapping: a change is a window where hysteresis alone would open or resolve the alert. When the last
 *       {@code flapWindow} windows hold at least {@code flapChanges} changes the alert is flapping: an open alert
 *       is held open (with the flag set) instead of resolving and re-opening over and over. It stops flapping when
 *       the count falls to {@code flapChanges / 2} or fewer; the hysteresis then decides again. Isolated breaches
 *       that hysteresis ignores are no changes, so noise does not make an alert flap.</li>
 *   <li>A detection that lacks history leaves the status unchanged.</li>
 * </ul>
 *
 * <p>Defaults ({@link #withDefaults()}): openAfter = 2, resolveAfter = 3, flapWindow = 10, flapChanges = 4.
 */
public final class AlertLifecycle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int openAfter;
    private final int resolveAfter;
    private final int flapWindow;
    private final int flapChanges;

    private AlertLifecycle(int openAfter, int resolveAfter, int flapWindow, int flapChanges) {
        this.openAfter = openAfter;
        this.resolveAfter = resolveAfter;
        this.flapWindow = flapWindow;
        this.flapChanges = flapChanges;
        if (flapChanges > flapWindow) {
            throw new IllegalArgumentException("lifecycle.flapChanges = " + flapChanges + " exceeds lifecycle.flapWindow = "
                    + flapWindow + ": flapping could never be detected; lower flapChanges or raise flapWindow");
        }
    }

    public static AlertLifecycle withDefaults() {
        return new AlertLifecycle(2, 3, 10, 4);
    }

    public AlertLifecycle withOpenAfter(int windows) {
        return new AlertLifecycle(Arguments.atLeast("lifecycle.openAfter", windows, 1), resolveAfter, flapWindow,
                flapChanges);
    }

    public AlertLifecycle withResolveAfter(int windows) {
        return new AlertLifecycle(openAfter, Arguments.atLeast("lifecycle.resolveAfter", windows, 1), flapWindow,
                flapChanges);
    }

    /** Sets the flapping window (at most 63 windows) and the number of changes in it that mean flapping. */
    public AlertLifecycle withFlapping(int window, int changes) {
        Arguments.atLeast("lifecycle.flapWindow", window, 2);
        if (window > 63) {
            throw new IllegalArgumentException("lifecycle.flapWindow = " + window + " is invalid: at most 63 windows");
        }
        return new AlertLifecycle(openAfter, resolveAfter, window, Arguments.atLeast("lifecycle.flapChanges", changes, 2));
    }

    public int openAfter() {
        return openAfter;
    }

    public int resolveAfter() {
        return resolveAfter;
    }

    public int flapWindow() {
        return flapWindow;
    }

    public int flapChanges() {
        return flapChanges;
    }

    /** The status after one more window with the given detection. */
    public AlertStatus next(AlertStatus status, Detection detection) {
        if (detection.outcome() == Detection.Outcome.INSUFFICIENT_HISTORY) {
            return status;
        }
        boolean breach = detection.isBreach();
        int breachStreak = breach ? status.breachStreak() + 1 : 0;
        int normalStreak = breach ? 0 : status.normalStreak() + 1;
        boolean hysteresisOpen = status.isHysteresisOpen()
                ? breach || normalStreak < resolveAfter
                : breach && breachStreak >= openAfter;
        long changes = (status.changes() << 1) & ((1L << flapWindow) - 1);
        if (hysteresisOpen != status.isHysteresisOpen()) {
            changes |= 1L;
        }
        int changeCount = Long.bitCount(changes);
        boolean flapping = status.isFlapping() ? changeCount > flapChanges / 2 : changeCount >= flapChanges;
        // While flapping, an open alert is held open instead of resolving and re-opening.
        boolean open = hysteresisOpen || (flapping && status.isOpen());
        Severity severity = !open ? null
                : breach ? detection.severity().orElseThrow()
                : status.severity().orElse(Severity.WARNING);
        return new AlertStatus(open, severity, breachStreak, normalStreak, hysteresisOpen, changes, flapping);
    }

    @Override
    public String toString() {
        return "AlertLifecycle{openAfter=" + openAfter + ", resolveAfter=" + resolveAfter + ", flapWindow=" + flapWindow
                + ", flapChanges=" + flapChanges + '}';
    }
}
