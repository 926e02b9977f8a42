package io.fulcrum.alert;

/** How bad a breach is; {@link #CRITICAL} outranks {@link #WARNING}. */
public enum Severity {
    WARNING,
    CRITICAL
}
