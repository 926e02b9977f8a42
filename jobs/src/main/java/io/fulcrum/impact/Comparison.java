package io.fulcrum.impact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A panel arranged for one design: the treated series (the average of the treated objects), the control series,
 * pre-periods first, then post-periods; ramp-up periods and periods where a treated object has no value are left out.
 *
 * <p>Controls must have a value in every pre- and post-period kept; a control with a gap is left out (and listed in
 * {@link #droppedControls()}) because difference-in-differences and synthetic control need a balanced panel.
 */
public final class Comparison {

    private final long[] periods;
    private final int preCount;
    private final double[] treated;
    private final double[][] controls;
    private final List<String> controlObjects;
    private final List<String> droppedControls;
    private final int treatedObjects;
    private final long start;

    Comparison(long[] periods, int preCount, double[] treated, double[][] controls, List<String> controlObjects,
            List<String> droppedControls, int treatedObjects, long start) {
        this.periods = periods;
        this.preCount = preCount;
        this.treated = treated;
        this.controls = controls;
        this.controlObjects = Collections.unmodifiableList(controlObjects);
        this.droppedControls = Collections.unmodifiableList(droppedControls);
        this.treatedObjects = treatedObjects;
        this.start = start;
    }

    /**
     * Arranges {@code panel} for {@code design}. Never fails on missing data: a comparison with too few periods
     * or controls is returned and the estimators report "insufficient data".
     */
    public static Comparison of(Panel panel, ImpactDesign design) {
        int[] treatedIdx = design.treated().stream().mapToInt(panel::objectIndex).toArray();
        boolean treatedMissing = false;
        for (int i : treatedIdx) {
            treatedMissing |= i < 0;
        }
        List<Integer> kept = new ArrayList<>();
        int firstAfterStart = -1;
        for (int p = 0; p < panel.periodCount(); p++) {
            boolean isPost = panel.period(p) >= design.start();
            if (isPost && firstAfterStart < 0) {
                firstAfterStart = p;
            }
            if (isPost && p < firstAfterStart + design.rampUpPeriods()) {
                continue;
            }
            boolean complete = !treatedMissing;
            for (int i = 0; complete && i < treatedIdx.length; i++) {
                complete = !Double.isNaN(panel.value(treatedIdx[i], p));
            }
            if (complete) {
                kept.add(p);
            }
        }
        long[] periods = kept.stream().mapToLong(panel::period).toArray();
        int preCount = 0;
        while (preCount < periods.length && periods[preCount] < design.start()) {
            preCount++;
        }
        double[] treated = new double[periods.length];
        for (int t = 0; t < periods.length; t++) {
            double sum = 0;
            for (int i : treatedIdx) {
                sum += panel.value(i, kept.get(t));
            }
            treated[t] = sum / treatedIdx.length;
        }
        List<String> pool = design.controls().isEmpty() ? new ArrayList<>(panel.objects()) : design.controls();
        List<String> controlObjects = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<double[]> controls = new ArrayList<>();
        for (String object : pool) {
            if (design.treated().contains(object) || design.excluded().contains(object)) {
                continue;
            }
            int o = panel.objectIndex(object);
            double[] series = new double[periods.length];
            boolean complete = o >= 0;
            for (int t = 0; complete && t < periods.length; t++) {
                series[t] = panel.value(o, kept.get(t));
                complete = !Double.isNaN(series[t]);
            }
            if (complete) {
                controlObjects.add(object);
                controls.add(series);
            } else {
                dropped.add(object);
            }
        }
        return new Comparison(periods, preCount, treated, controls.toArray(new double[0][]), controlObjects, dropped,
                design.treated().size(), design.start());
    }

    /** Kept periods: pre-periods, then post-periods. */
    public long[] periods() {
        return periods.clone();
    }

    public int preCount() {
        return preCount;
    }

    public int postCount() {
        return periods.length - preCount;
    }

    /** The treated series (average over treated objects) at the kept periods. */
    public double[] treated() {
        return treated.clone();
    }

    /** Control series [control][kept period]. */
    public double[][] controls() {
        double[][] copy = new double[controls.length][];
        for (int j = 0; j < controls.length; j++) {
            copy[j] = controls[j].clone();
        }
        return copy;
    }

    public int controlCount() {
        return controls.length;
    }

    public List<String> controlObjects() {
        return controlObjects;
    }

    /** Controls of the pool left out for a missing value (or no value at all). */
    public List<String> droppedControls() {
        return droppedControls;
    }

    public int treatedObjects() {
        return treatedObjects;
    }

    public long start() {
        return start;
    }
}
