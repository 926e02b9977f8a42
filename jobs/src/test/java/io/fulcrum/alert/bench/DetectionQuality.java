package io.fulcrum.alert.bench;

import io.fulcrum.alert.AlertEvent;
import io.fulcrum.alert.AlertPolicy;
import io.fulcrum.alert.AlertState;
import io.fulcrum.alert.AlertTrack;
import io.fulcrum.alert.Detector;
import io.fulcrum.alert.Direction;
import io.fulcrum.alert.EwmaDetector;
import io.fulcrum.alert.RobustBaselineDetector;
import io.fulcrum.alert.SeasonalBaselineDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Detection quality of each detector on synthetic KPI series with injected anomalies: precision and recall at the
 * level of alerts (OPENED events) against injected anomalies.
 *
 * <p>The documented scenario (seed 42): 300 series per family, hourly windows, 8 weeks (1344 windows), level 100,
 * Gaussian noise sigma = 2, lower-is-better KPI (anomalies go up), default detector and lifecycle parameters.
 * <ul>
 *   <li>SPIKES: flat series; 4 spikes per series of 3 windows, amplitude U(6, 12) sigma, after the first week.</li>
 *   <li>LEVEL_SHIFTS: flat series; 2 shifts per series of 72 windows, amplitude U(2, 4) sigma.</li>
 *   <li>SEASONAL_BREAKS: a weekly rhythm (daytime +10 sigma on weekdays, weekends 15 sigma below weekdays); from
 *       week 5 on, 3 breaks per series where 4 weekend hours run at their weekday level.</li>
 * </ul>
 * An anomaly [s, e] is detected when an alert opens in windows [s, e + 6]; an alert that opens anywhere else is a
 * false positive. Precision = alerts on anomalies / all alerts; recall = detected anomalies / anomalies.
 */
final class DetectionQuality {

    static final int SERIES = 300;
    static final int WINDOWS = 8 * 168;
    static final double SIGMA = 2;
    static final int TOLERANCE = 6;
    static final long HOUR_MS = 3_600_000L;

    enum Family { SPIKES, LEVEL_SHIFTS, SEASONAL_BREAKS }

    /** One synthetic series and its injected anomalies as [start, end] window indexes. */
    static final class Series {
        final double[] values = new double[WINDOWS];
        final List<int[]> anomalies = new ArrayList<>();
    }

    /** Precision and recall of one detector on one family. */
    static final class Score {
        int alerts;
        int alertsOnAnomalies;
        int anomalies;
        int detected;

        double precision() {
            return alerts == 0 ? Double.NaN : (double) alertsOnAnomalies / alerts;
        }

        double recall() {
            return (double) detected / anomalies;
        }
    }

    static List<Series> generate(Family family, long seed) {
        Random random = new Random(seed);
        List<Series> all = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            Series series = new Series();
            for (int w = 0; w < WINDOWS; w++) {
                series.values[w] = 100 + (family == Family.SEASONAL_BREAKS ? rhythm(w) : 0) + SIGMA * random.nextGaussian();
            }
            switch (family) {
                case SPIKES:
                    inject(series, random, 4, 3, 168, 48, () -> (6 + 6 * random.nextDouble()) * SIGMA);
                    break;
                case LEVEL_SHIFTS:
                    inject(series, random, 2, 72, 168, 96, () -> (2 + 2 * random.nextDouble()) * SIGMA);
                    break;
                default:
                    breakWeekends(series, random, 3);
            }
            all.add(series);
        }
        return all;
    }

    /** Weekly rhythm: weekdays 08-18 h +10 sigma; weekends 15 sigma below the weekday level of the same hour. */
    static double rhythm(int window) {
        int hourOfWeek = window % 168;
        int day = hourOfWeek / 24;
        int hour = hourOfWeek % 24;
        double weekday = hour >= 8 && hour < 18 ? 10 * SIGMA : 0;
        return day >= 5 ? weekday - 15 * SIGMA : weekday;
    }

    private static void inject(Series series, Random random, int count, int length, int from, int gap,
            java.util.function.DoubleSupplier amplitude) {
        int placed = 0;
        while (placed < count) {
            int start = from + random.nextInt(WINDOWS - from - length);
            int end = start + length - 1;
            boolean clear = series.anomalies.stream().allMatch(a -> end + gap < a[0] || start > a[1] + gap);
            if (!clear) {
                continue;
            }
            double a = amplitude.getAsDouble();
            for (int w = start; w <= end; w++) {
                series.values[w] += a;
            }
            series.anomalies.add(new int[] {start, end});
            placed++;
        }
    }

    private static void breakWeekends(Series series, Random random, int count) {
        int placed = 0;
        while (placed < count) {
            int week = 4 + random.nextInt(4);
            int day = 5 + random.nextInt(2);
            int hour = random.nextInt(20);
            int start = week * 168 + day * 24 + hour;
            int end = start + 3;
            boolean clear = series.anomalies.stream().allMatch(a -> end + 24 < a[0] || start > a[1] + 24);
            if (!clear) {
                continue;
            }
            for (int w = start; w <= end; w++) {
                series.values[w] += 15 * SIGMA;
            }
            series.anomalies.add(new int[] {start, end});
            placed++;
        }
    }

    /** CPU time of this thread spent in {@link AlertTrack#observe}, and the number of calls. */
    static long observeCpuNanos;
    static long observeCalls;

    static Score score(Detector detector, List<Series> family) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        AlertPolicy policy = AlertPolicy.builder("bench").direction(Direction.LOWER_IS_BETTER).detector(detector)
                .guardrail(false).build();
        Score score = new Score();
        for (int s = 0; s < family.size(); s++) {
            Series series = family.get(s);
            AlertTrack track = new AlertTrack("bench", "series", Integer.toString(s));
            boolean[] detected = new boolean[series.anomalies.size()];
            for (int w = 0; w < WINDOWS; w++) {
                long before = cpu.getCurrentThreadCpuTime();
                List<AlertEvent> events = track.observe(policy, w * HOUR_MS, (w + 1) * HOUR_MS, series.values[w],
                        List.of(), List.of()).events();
                observeCpuNanos += cpu.getCurrentThreadCpuTime() - before;
                observeCalls++;
                for (AlertEvent e : events) {
                    if (e.state() != AlertState.OPENED) {
                        continue;
                    }
                    score.alerts++;
                    boolean onAnomaly = false;
                    for (int a = 0; a < detected.length; a++) {
                        int[] anomaly = series.anomalies.get(a);
                        if (w >= anomaly[0] && w <= anomaly[1] + TOLERANCE) {
                            detected[a] = true;
                            onAnomaly = true;
                        }
                    }
                    if (onAnomaly) {
                        score.alertsOnAnomalies++;
                    }
                }
            }
            score.anomalies += detected.length;
            for (boolean d : detected) {
                if (d) {
                    score.detected++;
                }
            }
        }
        return score;
    }

    /** Prints precision/recall of every detector on every family; the diagonal is each detector's own scenario. */
    static void run(long seed) {
        Detector[] detectors = {RobustBaselineDetector.withDefaults(), EwmaDetector.withDefaults(),
                SeasonalBaselineDetector.withDefaults()};
        Family[] own = {Family.SPIKES, Family.LEVEL_SHIFTS, Family.SEASONAL_BREAKS};
        double[] cpuMicros = new double[detectors.length];
        long[] calls = new long[detectors.length];
        System.out.println("Detection quality (seed " + seed + ", " + SERIES + " series x " + WINDOWS
                + " hourly windows per family, default parameters)");
        System.out.printf(Locale.ROOT, "%-10s %-16s %9s %9s %8s %8s%n", "detector", "family", "precision", "recall",
                "alerts", "anomalies");
        for (Family family : Family.values()) {
            List<Series> series = generate(family, seed + family.ordinal());
            for (int d = 0; d < detectors.length; d++) {
                observeCpuNanos = 0;
                observeCalls = 0;
                Score s = score(detectors[d], series);
                cpuMicros[d] += observeCpuNanos / 1e3;
                calls[d] += observeCalls;
                System.out.printf(Locale.ROOT, "%-10s %-16s %9.3f %9.3f %8d %8d%s%n", detectors[d].rule(), family,
                        s.precision(), s.recall(), s.alerts, s.anomalies, own[d] == family ? "   <- own scenario" : "");
            }
        }
        for (int d = 0; d < detectors.length; d++) {
            System.out.printf(Locale.ROOT, "CPU per KPI value (detector + lifecycle + state), %-8s: %.1f us%n",
                    detectors[d].rule(), cpuMicros[d] / calls[d]);
        }
    }

    private DetectionQuality() {
    }
}
