package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;

/** What an estimate says about the initiative, in business terms. */
public enum Verdict {
    /** The interval excludes zero on the good side of the KPI's direction. */
    IMPROVING,
    /** The interval excludes zero on the bad side of the KPI's direction. */
    WORSENING,
    /** The interval contains zero. */
    NO_DETECTABLE_EFFECT,
    /** Too few pre-periods, post-periods or control objects to estimate (see {@link ImpactOptions}). */
    INSUFFICIENT_DATA;

    /** The verdict of an interval [lower, upper] for a KPI moving in {@code direction}. */
    static Verdict of(double lower, double upper, Direction direction) {
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            return INSUFFICIENT_DATA;
        }
        boolean up = lower > 0;
        boolean down = upper < 0;
        if (!up && !down) {
            return NO_DETECTABLE_EFFECT;
        }
        return up == (direction == Direction.HIGHER_IS_BETTER) ? IMPROVING : WORSENING;
    }
}
