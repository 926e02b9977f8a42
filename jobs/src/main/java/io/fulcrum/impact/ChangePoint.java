package io.fulcrum.impact;

/**
 * Where the treated-minus-controls gap shifted level, by {@link CusumChangePoint}.
 *
 * @param period first period of the new level (NaN-free: meaningless when {@code detected} is false)
 * @param shift mean after minus mean before the change, in the KPI's units
 * @param statistic max |CUSUM| of the gap series
 * @param pValue permutation p-value of "no change"
 * @param detected whether {@code pValue} is below 1 - level
 * @param beganBeforeStart detected and {@code period} is before the initiative's start: the shift may not be the
 *     initiative's doing
 */
public record ChangePoint(long period, double shift, double statistic, double pValue, boolean detected,
        boolean beganBeforeStart) {}
