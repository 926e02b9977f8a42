package io.fulcrum.alert;

/**
 * Which way a KPI is good, so that detectors alert only on the adverse side.
 *
 * <p>OTIF and fill rate are {@link #HIGHER_IS_BETTER}; lead time and defect rate are {@link #LOWER_IS_BETTER};
 * schedule adherence is {@link #CLOSER_TO_TARGET_IS_BETTER} (a band around 100%), where both sides are adverse.
 */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    CLOSER_TO_TARGET_IS_BETTER;

    /**
     * Whether a deviation {@code value - expected} goes the bad way for this KPI.
     *
     * @param deviation observed value minus expected value; 0 is never adverse
     * @return true when the deviation is on the adverse side
     */
    public boolean isAdverse(double deviation) {
        switch (this) {
            case HIGHER_IS_BETTER:
                return deviation < 0;
            case LOWER_IS_BETTER:
                return deviation > 0;
            default:
                return deviation != 0;
        }
    }
}
