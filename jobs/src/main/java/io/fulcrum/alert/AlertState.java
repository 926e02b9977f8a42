package io.fulcrum.alert;

/** The lifecycle step an {@link AlertEvent} reports for one alert id. */
public enum AlertState {
    /** The alert became active: the detector breached on enough consecutive windows (or started flapping). */
    OPENED,
    /** An open alert changed severity or its flapping flag. */
    UPDATED,
    /** The alert ended: enough consecutive normal windows, or the guardrail verdict is no longer worsening. */
    RESOLVED
}
