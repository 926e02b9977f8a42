package io.fulcrum.alert;

import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.assertj.core.groups.Tuple;

/** Hand-built KPI series for the alert tests: window i starts at T0 + i * size. */
final class SeriesFixture {

    /** Monday 2026-01-05 00:00 UTC. */
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);

    private SeriesFixture() {
    }

    static long start(int i, Duration size) {
        return T0 + i * size.toMillis();
    }

    /** History map of the given values at windows 0..n-1. */
    static NavigableMap<Long, Double> history(Duration size, double... values) {
        NavigableMap<Long, Double> history = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            history.put(start(i, size), values[i]);
        }
        return history;
    }

    /** Feeds windows 0..n-1 into a fresh track and collects every event. */
    static List<AlertEvent> run(AlertPolicy policy, Duration size, double... values) {
        AlertTrack track = new AlertTrack(policy.kpiId(), "sku", "SKU-1");
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            events.addAll(track.observe(policy, start(i, size), start(i + 1, size), values[i], List.of(), List.of())
                    .events());
        }
        return events;
    }

    /** (state, severity, window index, sequence) of an event, for exact sequence assertions. */
    static Tuple step(AlertState state, Severity severity, int window, long sequence) {
        return tuple(state, severity, window, sequence);
    }

    static List<Tuple> steps(List<AlertEvent> events, Duration size) {
        List<Tuple> steps = new ArrayList<>();
        for (AlertEvent e : events) {
            int window = (int) ((e.windowStart().toEpochMilli() - T0) / size.toMillis());
            steps.add(tuple(e.state(), e.severity(), window, e.sequence()));
        }
        return steps;
    }

    /** A lifecycle whose flapping detection cannot trigger, to test hysteresis alone. */
    static AlertLifecycle withoutFlapping(int openAfter, int resolveAfter) {
        return AlertLifecycle.withDefaults().withOpenAfter(openAfter).withResolveAfter(resolveAfter).withFlapping(63, 63);
    }
}
