package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;
import java.util.Objects;

/**
 * One estimator's answer: the average effect per post-period (treated minus counterfactual, in the KPI's units),
 * its standard error, a two-sided interval at {@code level}, a two-sided p-value for "no effect", and the sample
 * sizes it used. When data was insufficient, the numbers are {@code NaN} and {@link #insufficientReason()} says why.
 *
 * @param method the estimator
 * @param effect average effect per post-period
 * @param standardError standard error of {@code effect}
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 * @param pValue two-sided p-value of "no effect"
 * @param level interval level, e.g. 0.95
 * @param prePeriods pre-periods used
 * @param postPeriods post-periods used (ramp-up excluded)
 * @param controls control objects used (0 for the pre/post comparison)
 * @param insufficientReason empty when the estimate is valid, otherwise what is missing
 */
public record Estimate(ImpactMethod method, double effect, double standardError, double lower, double upper,
        double pValue, double level, int prePeriods, int postPeriods, int controls, String insufficientReason) {

    public Estimate {
        Objects.requireNonNull(method, "method can't be null");
        Objects.requireNonNull(insufficientReason, "insufficientReason can't be null (use \"\")");
    }

    /** An estimate that could not be made, for {@code reason}. */
    public static Estimate insufficient(ImpactMethod method, double level, int pre, int post, int controls,
            String reason) {
        return new Estimate(method, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, level, pre, post,
                controls, reason);
    }

    public boolean isSufficient() {
        return insufficientReason.isEmpty();
    }

    /** Total effect over the post-period in the KPI's units: effect x post-periods ("412 more on-time deliveries"). */
    public double cumulativeEffect() {
        return effect * postPeriods;
    }

    public double cumulativeLower() {
        return lower * postPeriods;
    }

    public double cumulativeUpper() {
        return upper * postPeriods;
    }

    /** Improving / worsening when the interval excludes zero, read in the KPI's direction. */
    public Verdict verdict(Direction direction) {
        return isSufficient() ? Verdict.of(lower, upper, direction) : Verdict.INSUFFICIENT_DATA;
    }
}
