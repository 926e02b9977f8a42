package io.fulcrum.kpi.internal;

import io.fulcrum.kpi.Aggregation;

/**
 * Folds the contributions of several events to the same business object into one before they cross the keyBy (a
 * local pre-aggregation, as Flink SQL's local-global aggregation): an object named by many events (a plant, a
 * supplier) then costs the window operator one record, one state access and one deserialization per batch instead of
 * per event.
 *
 * <p>Contributions wait in a direct-mapped table of {@value #SLOTS} slots indexed by the object key's hash. The first
 * object to reach a slot keeps it until the table is emptied; a contribution to another object that maps to the same
 * slot passes straight through. Busy objects claim their slots early and fold many events; rarely-named ones cost one
 * lookup. {@link ContributionSplitter}, which owns the table, empties it with {@link #flush()} <em>before</em> every
 * watermark is forwarded (so the window operator sees a window's contributions before the watermark that closes it,
 * exactly as without the table), when its input turns idle (other inputs may then move the watermark on), before
 * every checkpoint barrier (so the table is never state: nothing is lost on failure), and at the end of the input. All waiting contributions were split under the same
 * watermark, so the splitter's lateness judgement they carry stays valid.
 *
 * <p>Two contributions to one object are folded only when their event times fall into the same windows of every
 * window group (the same bucket of the greatest common divisor of the slides: windows are aligned to the epoch).
 * Count, sum, avg and ratio add {@code a}, {@code b} and the event count; min and max keep the extreme of {@code a};
 * distinct-count and quantile sketches take single events, so their entries are appended, not folded.
 *
 * <p>Part of the splitter's operator rather than an operator of its own: as a chained operator it cost a hop per
 * contribution (a record copy, since the splitter has a second output for late events, per-record counters and the
 * call chain: ~5% of the split thread in the KPI benchmark's profile). Not thread-safe; one per operator instance.
 */
public final class ContributionCombiner {

    /** Where the combiner sends what it no longer holds; the contribution is only valid during the call. */
    @FunctionalInterface
    public interface Downstream {
        void emit(Contribution c);
    }

    /**
     * Slots of the table, a power of two: enough that a few hundred busy objects mostly find their slot free. A hash
     * map holding every object instead measured no faster than no combining at all (its lookups and the serialization
     * of entries that had left the CPU cache ate the savings downstream).
     */
    static final int SLOTS = 4096;

    private static final byte FOLD_NONE = 0;
    private static final byte FOLD_SUM = 1;
    private static final byte FOLD_MIN = 2;
    private static final byte FOLD_MAX = 3;

    private final Downstream downstream;
    /** By KPI index: how two entries of the KPI fold into one. */
    private final byte[] fold;
    /** The greatest common divisor of all window groups' slides: same bucket = same windows in every group. */
    private final long bucketMillis;
    /** Contributions waiting, by slot (a mix of the key's hash); null = empty. */
    private final Contribution[] table = new Contribution[SLOTS];
    /**
     * By slot, the combiner's own contribution object that a waiting contribution is copied into: the splitter reuses
     * its objects for the next event, and after an emit the copy has been serialized, so it is reused in turn.
     */
    private final Contribution[] owned = new Contribution[SLOTS];
    /**
     * By slot: the waiting contribution's key hash and time bucket, so that a contribution to another object is told
     * apart without touching the waiting one (which may have left the CPU cache).
     */
    private final int[] hashes = new int[SLOTS];
    private final long[] buckets = new long[SLOTS];
    /** Occupied slots, so that a flush with nothing waiting costs nothing. */
    private int waiting;

    public ContributionCombiner(KpiPlan plan, Downstream downstream) {
        this.downstream = downstream;
        fold = new byte[plan.size()];
        for (int k = 0; k < plan.size(); k++) {
            fold[k] = fold(plan.aggregation(k));
        }
        long gcd = 0;
        for (int g = 0; g < plan.groupCount(); g++) {
            gcd = gcd(gcd, plan.group(g).window.slideMillis());
        }
        bucketMillis = gcd;
    }

    private static byte fold(Aggregation aggregation) {
        switch (aggregation.type()) {
            case COUNT:
            case SUM:
            case AVG:
            case RATIO:
                return FOLD_SUM;
            case MIN:
                return FOLD_MIN;
            case MAX:
                return FOLD_MAX;
            default:
                return FOLD_NONE;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Folds {@code c} into what waits for its object, holds a copy of it, or passes it on. Keeps no reference to
     * {@code c}: the caller may refill it at once.
     */
    public void add(Contribution c) {
        int hash = c.key.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        long bucket = Math.floorDiv(c.timestamp, bucketMillis);
        Contribution held = table[slot];
        if (held == null) {
            hold(slot, c, hash, bucket);
            waiting++;
        } else if (hashes[slot] != hash || !held.key.equals(c.key)) {
            // Another object holds the slot: pass through while c is still in the CPU cache.
            downstream.emit(c);
        } else if (buckets[slot] == bucket && held.watermark == c.watermark) {
            foldInto(held, c);
        } else {
            downstream.emit(held);   // the same object in other windows: keep its contributions in order
            hold(slot, c, hash, bucket);
        }
    }

    private void hold(int slot, Contribution c, int hash, long bucket) {
        Contribution copy = owned[slot];
        if (copy == null) {
            copy = new Contribution(c.kpi.length);
            owned[slot] = copy;
        }
        copy.copyFrom(c);
        table[slot] = copy;
        hashes[slot] = hash;
        buckets[slot] = bucket;
    }

    private void foldInto(Contribution into, Contribution c) {
        int from = 0;   // entries are in KPI order, so the next match is usually right after the previous one
        for (int i = 0; i < c.size; i++) {
            int k = c.kpi[i];
            byte how = fold[k];
            int j = how == FOLD_NONE ? -1 : indexOf(into, k, from);
            if (j < 0) {
                into.add(k, c.a[i], c.b[i], c.text(i), c.events(i));
                continue;
            }
            from = j + 1;
            switch (how) {
                case FOLD_SUM:
                    into.a[j] += c.a[i];
                    into.b[j] += c.b[i];
                    break;
                case FOLD_MIN:
                    into.a[j] = Math.min(into.a[j], c.a[i]);
                    break;
                default:
                    into.a[j] = Math.max(into.a[j], c.a[i]);
            }
            into.addEvents(j, c.events(i));
        }
    }

    private static int indexOf(Contribution c, int kpi, int from) {
        for (int j = from; j < c.size; j++) {
            if (c.kpi[j] == kpi) {
                return j;
            }
        }
        for (int j = 0; j < Math.min(from, c.size); j++) {
            if (c.kpi[j] == kpi) {
                return j;
            }
        }
        return -1;
    }

    /** Passes on everything waiting. */
    public void flush() {
        for (int i = 0; waiting > 0 && i < SLOTS; i++) {
            if (table[i] != null) {
                downstream.emit(table[i]);
                table[i] = null;
                waiting--;
            }
        }
    }
}
