package io.fulcrum.kpi;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Event-time windows aligned to the epoch (UTC): tumbling ({@code slide == size}) or hopping ({@code slide < size},
 * each event in {@code size / slide} windows). Windows are half-open, [start, end).
 */
public final class KpiWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long sizeMillis;
    private final long slideMillis;

    private KpiWindow(long sizeMillis, long slideMillis) {
        this.sizeMillis = sizeMillis;
        this.slideMillis = slideMillis;
    }

    /** @throws IllegalArgumentException unless {@code size} is at least one millisecond */
    public static KpiWindow tumbling(Duration size) {
        long s = positiveMillis(size, "window size");
        return new KpiWindow(s, s);
    }

    /**
     * @throws IllegalArgumentException unless 0 &lt; slide &lt;= size and size is a whole multiple of slide (so every
     *     event falls in the same number of windows)
     */
    public static KpiWindow hopping(Duration size, Duration slide) {
        long s = positiveMillis(size, "window size");
        long h = positiveMillis(slide, "window slide");
        if (h > s) {
            throw new IllegalArgumentException("window slide " + slide + " is longer than size " + size
                    + ": events between windows would be lost; use a slide <= size");
        }
        if (s % h != 0) {
            throw new IllegalArgumentException("window size " + size + " is not a whole multiple of slide " + slide
                    + ": use e.g. size 1d with slide 1h");
        }
        return new KpiWindow(s, h);
    }

    private static long positiveMillis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() <= 0) {
            throw new IllegalArgumentException(what + " " + d + " must be at least 1ms");
        }
        return d.toMillis();
    }

    public long sizeMillis() {
        return sizeMillis;
    }

    public long slideMillis() {
        return slideMillis;
    }

    public boolean isTumbling() {
        return sizeMillis == slideMillis;
    }

    /** How many windows hold each event. */
    public int windowsPerEvent() {
        return (int) (sizeMillis / slideMillis);
    }

    /** Start of the latest window that holds {@code timestamp}; the others start slide, 2*slide, ... earlier. */
    public long lastStart(long timestamp) {
        return Math.floorDiv(timestamp, slideMillis) * slideMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KpiWindow && ((KpiWindow) o).sizeMillis == sizeMillis
                && ((KpiWindow) o).slideMillis == slideMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeMillis, slideMillis);
    }

    @Override
    public String toString() {
        return isTumbling() ? "tumbling " + Duration.ofMillis(sizeMillis)
                : "hopping " + Duration.ofMillis(sizeMillis) + " every " + Duration.ofMillis(slideMillis);
    }
}
