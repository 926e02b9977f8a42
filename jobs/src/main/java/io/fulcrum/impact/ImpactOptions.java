package io.fulcrum.impact;

/**
 * Immutable settings of an impact analysis. Defaults ({@link #defaults()}):
 *
 * <ul>
 *   <li>{@code level} 0.95: two-sided interval level; verdicts are "improving"/"worsening" only when the interval
 *       excludes zero, so on a KPI the initiative does not move about 5% of analyses say so.
 *   <li>{@code minPrePeriods} 8: fewer pre-periods cannot both fit synthetic-control weights and estimate the
 *       pre-period spread of Welch's test with a useful number of degrees of freedom.
 *   <li>{@code minPostPeriods} 4: an effect seen in fewer periods after ramp-up is too easily one unusual week.
 *   <li>{@code minControls} 5: placebo standard errors are the spread of one estimate per control object; with
 *       fewer than 5 the spread itself is too uncertain to call a verdict.
 *   <li>{@code placeboReplications} 200 and {@code seed} 1: a treated group of several objects, or one treated
 *       object with more than 200 controls, gets 200 placebos drawn at random (one treated object with up to 200
 *       controls uses every control once, no randomness); the seed also drives the change-point permutation test,
 *       so results are reproducible.
 * </ul>
 */
public final class ImpactOptions implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    private static final ImpactOptions DEFAULTS = new ImpactOptions(0.95, 8, 4, 5, 200, 1L);

    private final double level;
    private final int minPrePeriods;
    private final int minPostPeriods;
    private final int minControls;
    private final int placeboReplications;
    private final long seed;

    private ImpactOptions(double level, int minPre, int minPost, int minControls, int replications, long seed) {
        this.level = level;
        this.minPrePeriods = minPre;
        this.minPostPeriods = minPost;
        this.minControls = minControls;
        this.placeboReplications = replications;
        this.seed = seed;
    }

    public static ImpactOptions defaults() {
        return DEFAULTS;
    }

    /** @throws IllegalArgumentException unless 0 &lt; level &lt; 1 */
    public ImpactOptions withLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level is " + level + "; use a confidence level between 0 and 1, e.g. 0.95");
        }
        return new ImpactOptions(level, minPrePeriods, minPostPeriods, minControls, placeboReplications, seed);
    }

    /** @throws IllegalArgumentException when below 2 (a variance needs two values) */
    public ImpactOptions withMinPrePeriods(int periods) {
        return new ImpactOptions(level, atLeast("minPrePeriods", periods, 2), minPostPeriods, minControls,
                placeboReplications, seed);
    }

    /** @throws IllegalArgumentException when below 2 (a variance needs two values) */
    public ImpactOptions withMinPostPeriods(int periods) {
        return new ImpactOptions(level, minPrePeriods, atLeast("minPostPeriods", periods, 2), minControls,
                placeboReplications, seed);
    }

    /** @throws IllegalArgumentException when below 2 (a placebo spread needs two estimates) */
    public ImpactOptions withMinControls(int controls) {
        return new ImpactOptions(level, minPrePeriods, minPostPeriods, atLeast("minControls", controls, 2),
                placeboReplications, seed);
    }

    /** @throws IllegalArgumentException when below 10 */
    public ImpactOptions withPlaceboReplications(int replications) {
        return new ImpactOptions(level, minPrePeriods, minPostPeriods, minControls,
                atLeast("placeboReplications", replications, 10), seed);
    }

    public ImpactOptions withSeed(long seed) {
        return new ImpactOptions(level, minPrePeriods, minPostPeriods, minControls, placeboReplications, seed);
    }

    private static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " is " + value + "; use " + min + " or more");
        }
        return value;
    }

    public double level() {
        return level;
    }

    public int minPrePeriods() {
        return minPrePeriods;
    }

    public int minPostPeriods() {
        return minPostPeriods;
    }

    public int minControls() {
        return minControls;
    }

    public int placeboReplications() {
        return placeboReplications;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "ImpactOptions{level=" + level + ", minPrePeriods=" + minPrePeriods + ", minPostPeriods="
                + minPostPeriods + ", minControls=" + minControls + ", placeboReplications=" + placeboReplications
                + ", seed=" + seed + '}';
    }
}
