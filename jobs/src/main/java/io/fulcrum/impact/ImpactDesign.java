package io.fulcrum.impact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who got the initiative and when: treated objects, explicit control objects (or none, meaning every other object
 * of the panel), the start period and the ramp-up.
 *
 * <p>Post-periods are the periods at or after {@code start}, minus the first {@code rampUpPeriods} of them; pre-periods
 * are those before {@code start}. Ramp-up periods are in neither.
 *
 * <pre>{@code
 * ImpactDesign design = ImpactDesign.builder().treated("California").start(1989).rampUpPeriods(0).build();
 * }</pre>
 */
public final class ImpactDesign {

    private final List<String> treated;
    private final List<String> controls;
    private final List<String> excluded;
    private final long start;
    private final int rampUpPeriods;

    private ImpactDesign(Builder b) {
        this.treated = Collections.unmodifiableList(new ArrayList<>(b.treated));
        this.controls = Collections.unmodifiableList(new ArrayList<>(b.controls));
        this.excluded = Collections.unmodifiableList(new ArrayList<>(b.excluded));
        this.start = b.start;
        this.rampUpPeriods = b.rampUpPeriods;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> treated() {
        return treated;
    }

    /** Explicit control objects; empty means every object of the panel that is not treated. */
    public List<String> controls() {
        return controls;
    }

    /** Objects that are neither treated nor controls, e.g. the rest of a treated group when one object is analysed. */
    public List<String> excluded() {
        return excluded;
    }

    public long start() {
        return start;
    }

    public int rampUpPeriods() {
        return rampUpPeriods;
    }

    /**
     * A copy of this design with only {@code object} treated (per-object scope of a group initiative); the other
     * treated objects are excluded, not controls.
     */
    public ImpactDesign forTreatedObject(String object) {
        if (!treated.contains(object)) {
            throw new IllegalArgumentException("'" + object + "' is not treated in this design (treated: " + treated + ")");
        }
        Builder b = builder().treated(object).start(start).rampUpPeriods(rampUpPeriods);
        b.controls.addAll(controls);
        b.excluded.addAll(excluded);
        treated.stream().filter(t -> !t.equals(object)).forEach(b.excluded::add);
        return b.build();
    }

    @Override
    public String toString() {
        return "ImpactDesign{treated=" + treated + ", controls=" + (controls.isEmpty() ? "all others" : controls)
                + ", excluded=" + excluded + ", start=" + start + ", rampUpPeriods=" + rampUpPeriods + '}';
    }

    /** Builds an {@link ImpactDesign}; {@link #build()} checks that treated and control objects are disjoint. */
    public static final class Builder {
        private final Set<String> treated = new LinkedHashSet<>();
        private final Set<String> controls = new LinkedHashSet<>();
        private final Set<String> excluded = new LinkedHashSet<>();
        private Long start;
        private int rampUpPeriods;

        private Builder() {}

        public Builder treated(String... objects) {
            for (String o : objects) {
                treated.add(Objects.requireNonNull(o, "treated object can't be null"));
            }
            return this;
        }

        public Builder treated(Iterable<String> objects) {
            objects.forEach(this::treated);
            return this;
        }

        public Builder controls(Iterable<String> objects) {
            for (String o : objects) {
                controls.add(Objects.requireNonNull(o, "control object can't be null"));
            }
            return this;
        }

        /** Objects to leave out of the default control pool (e.g. treated by an overlapping initiative). */
        public Builder excluded(Iterable<String> objects) {
            for (String o : objects) {
                excluded.add(Objects.requireNonNull(o, "excluded object can't be null"));
            }
            return this;
        }

        public Builder start(long period) {
            this.start = period;
            return this;
        }

        /** @throws IllegalArgumentException when negative */
        public Builder rampUpPeriods(int periods) {
            if (periods < 0) {
                throw new IllegalArgumentException("rampUpPeriods is " + periods + "; use 0 or more periods");
            }
            this.rampUpPeriods = periods;
            return this;
        }

        /** @throws IllegalStateException when no treated object or no start is set, or an object is both */
        public ImpactDesign build() {
            if (treated.isEmpty()) {
                throw new IllegalStateException("No treated object: call treated(...) with the initiative's objects");
            }
            if (start == null) {
                throw new IllegalStateException("No start period: call start(period) with the initiative's start");
            }
            Set<String> both = new LinkedHashSet<>(treated);
            both.retainAll(controls);
            if (!both.isEmpty()) {
                throw new IllegalStateException("Objects " + both + " are both treated and controls; "
                        + "remove them from the controls");
            }
            return new ImpactDesign(this);
        }
    }
}
