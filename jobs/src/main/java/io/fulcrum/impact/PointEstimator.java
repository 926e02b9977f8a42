package io.fulcrum.impact;

/**
 * A point estimator of the average post-period effect of a treated series against control series, the part that
 * {@link PlaceboInference} re-runs with each control in the treated role.
 */
@FunctionalInterface
public interface PointEstimator {

    /**
     * @param treated the treated series (average over {@code treatedObjects} objects), pre-periods first
     * @param controls control series [control][period], same periods as {@code treated}
     * @param preCount number of leading pre-periods; the rest are post-periods
     * @param treatedObjects how many objects were averaged into {@code treated}
     * @return the average effect per post-period
     */
    double estimate(double[] treated, double[][] controls, int preCount, int treatedObjects);
}
