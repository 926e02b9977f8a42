package io.fulcrum.impact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable long-format panel of one KPI: business objects x periods, one value per cell at most.
 *
 * <p>Periods are opaque ordered numbers (a year, or the epoch millisecond start of a KPI window); the estimators
 * only use their order, so periods must be evenly spaced for ramp-up counts to mean "periods". Missing cells are
 * allowed: {@link #value(int, int)} returns {@code NaN} for them.
 *
 * <p>Objects are kept in id order, whatever order the cells arrived in, so a panel built from a stream and one read
 * from a file give bit-identical estimates.
 *
 * <p>This is the one input type of the impact estimators, shared by the batch command and the streaming operator.
 */
public final class Panel {

    private final List<String> objects;
    private final long[] periods;
    private final double[][] values; // [object][period], NaN = missing

    private Panel(List<String> objects, long[] periods, double[][] values) {
        this.objects = objects;
        this.periods = periods;
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Object ids, ascending. */
    public List<String> objects() {
        return objects;
    }

    public int objectCount() {
        return objects.size();
    }

    public int periodCount() {
        return periods.length;
    }

    /** The period at {@code index}, periods ascending. */
    public long period(int index) {
        return periods[index];
    }

    /** A copy of the ascending periods. */
    public long[] periods() {
        return periods.clone();
    }

    /** Index of an object, or -1 when the panel has no value for it. */
    public int objectIndex(String object) {
        return objects.indexOf(object);
    }

    /** The value of object {@code objectIndex} at period {@code periodIndex}, {@code NaN} when missing. */
    public double value(int objectIndex, int periodIndex) {
        return values[objectIndex][periodIndex];
    }

    /** Collects cells; rejects a second value for the same object and period (a panel file must not repeat rows). */
    public static final class Builder {
        private final Map<String, Map<Long, Double>> cells = new TreeMap<>();

        private Builder() {}

        /**
         * Adds one cell.
         *
         * @throws IllegalArgumentException when the value is not finite or the cell already has a value
         */
        public Builder put(String object, long period, double value) {
            Objects.requireNonNull(object, "object can't be null");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Value of object '" + object + "' at period " + period + " is "
                        + value + "; a KPI value must be a finite number: fix or drop that row");
            }
            Double previous = cells.computeIfAbsent(object, o -> new LinkedHashMap<>()).putIfAbsent(period, value);
            if (previous != null) {
                throw new IllegalArgumentException("Object '" + object + "' has two values at period " + period
                        + " (" + previous + " and " + value + "); keep one row per object and period");
            }
            return this;
        }

        /** @throws IllegalStateException when no cell was added */
        public Panel build() {
            if (cells.isEmpty()) {
                throw new IllegalStateException("The panel is empty: add at least one object value");
            }
            TreeSet<Long> periodSet = new TreeSet<>();
            cells.values().forEach(m -> periodSet.addAll(m.keySet()));
            long[] periods = periodSet.stream().mapToLong(Long::longValue).toArray();
            List<String> objects = new ArrayList<>(cells.keySet());
            double[][] values = new double[objects.size()][periods.length];
            for (int i = 0; i < objects.size(); i++) {
                Arrays.fill(values[i], Double.NaN);
                for (Map.Entry<Long, Double> cell : cells.get(objects.get(i)).entrySet()) {
                    values[i][Arrays.binarySearch(periods, cell.getKey())] = cell.getValue();
                }
            }
            return new Panel(Collections.unmodifiableList(objects), periods, values);
        }
    }
}
