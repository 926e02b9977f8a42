package io.fulcrum.impact;

import java.util.List;
import java.util.Optional;

/**
 * Everything one analysis found: an estimate per method (in {@link ImpactMethod} order), the change point of the gap
 * series, and warnings for people (e.g. "the shift began before the start").
 *
 * @param estimates one per {@link ImpactMethod}, in its order
 * @param changePoint empty when the series is too short
 * @param warnings human-readable, empty when nothing is off
 * @param treatedPreMean mean of the treated series over the pre-periods used (NaN without any)
 * @param treatedPostMean mean of the treated series over the post-periods used (NaN without any)
 */
public record ImpactReport(List<Estimate> estimates, Optional<ChangePoint> changePoint, List<String> warnings,
        double treatedPreMean, double treatedPostMean) {

    public ImpactReport {
        estimates = List.copyOf(estimates);
        warnings = List.copyOf(warnings);
    }

    public Estimate estimate(ImpactMethod method) {
        return estimates.stream().filter(e -> e.method() == method).findFirst().orElseThrow();
    }

    /**
     * The headline estimate: the first sufficient one of synthetic DiD, synthetic control, DiD, pre/post (most to least
     * robust to a trend the treated object does not share with the average control), else the pre/post one.
     */
    public Estimate primary() {
        for (ImpactMethod m : List.of(ImpactMethod.SYNTHETIC_DID, ImpactMethod.SYNTHETIC_CONTROL,
                ImpactMethod.DIFFERENCE_IN_DIFFERENCES, ImpactMethod.PRE_POST_WELCH)) {
            Estimate e = estimate(m);
            if (e.isSufficient()) {
                return e;
            }
        }
        return estimate(ImpactMethod.PRE_POST_WELCH);
    }
}
