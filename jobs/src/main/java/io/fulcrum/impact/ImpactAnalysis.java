package io.fulcrum.impact;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Runs every estimator on one panel and design: the single entry point of the batch command and the streaming
 * operator, so both compute exactly the same numbers.
 *
 * <pre>{@code
 * ImpactReport report = ImpactAnalysis.with(ImpactOptions.defaults()).analyse(panel, design);
 * report.estimate(ImpactMethod.SYNTHETIC_CONTROL).effect();
 * }</pre>
 */
public final class ImpactAnalysis {

    private final ImpactOptions options;

    private ImpactAnalysis(ImpactOptions options) {
        this.options = options;
    }

    public static ImpactAnalysis with(ImpactOptions options) {
        return new ImpactAnalysis(options);
    }

    public ImpactOptions options() {
        return options;
    }

    public ImpactReport analyse(Panel panel, ImpactDesign design) {
        Comparison c = Comparison.of(panel, design);
        PlaceboInference placebo = PlaceboInference.with(options);
        List<Estimate> estimates = List.of(
                WelchPrePost.with(options).estimate(c),
                placebo.estimate(ImpactMethod.DIFFERENCE_IN_DIFFERENCES, new DifferenceInDifferences(), c),
                placebo.estimate(ImpactMethod.SYNTHETIC_CONTROL, new SyntheticControl(), c),
                placebo.estimate(ImpactMethod.SYNTHETIC_DID, new SyntheticDifferenceInDifferences(), c));
        Optional<ChangePoint> changePoint = CusumChangePoint.with(options).detect(c);
        List<String> warnings = new ArrayList<>();
        changePoint.filter(ChangePoint::beganBeforeStart).ifPresent(cp -> warnings.add("The shift of "
                + round(cp.shift()) + " began at period " + cp.period() + ", before the start " + design.start()
                + " (p = " + round(cp.pValue()) + "): it may not be the initiative's doing"));
        if (!c.droppedControls().isEmpty()) {
            warnings.add("Controls left out for missing values: " + c.droppedControls());
        }
        double[] treated = c.treated();
        return new ImpactReport(estimates, changePoint, warnings, StatUtils.mean(treated, 0, c.preCount()),
                StatUtils.mean(treated, c.preCount(), c.postCount()));
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
