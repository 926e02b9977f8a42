package io.fulcrum.alert.internal;

/** Argument checks for alert configuration; every message names the key, the value and the fix. */
public final class Arguments {

    private Arguments() {
    }

    public static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " = " + value + " is invalid: must be at least " + min);
        }
        return value;
    }

    public static double positiveFinite(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " = " + value + " is invalid: must be a finite number > 0");
        }
        return value;
    }

    public static double finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " = " + value + " is invalid: must be a finite number");
        }
        return value;
    }
}
