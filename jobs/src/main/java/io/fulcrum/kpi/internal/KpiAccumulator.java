package io.fulcrum.kpi.internal;

import com.tdunning.math.stats.MergingDigest;
import io.fulcrum.kpi.Aggregation;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The running state of one KPI in one window for one business object. Mutable (it lives in keyed state and is updated
 * in place); {@link #copy()} is deep. Each event contributes {@code (a, b, text)}: a = the measure (or the numerator
 * of a ratio, or 1/0 for a matching ratio), b = the denominator of a ratio, text = the attribute of a distinct count.
 */
public abstract class KpiAccumulator {

    /** HLL lgK 14: relative standard error 1.04 / sqrt(2^14) = 0.81%; see {@link Aggregation}. */
    static final int HLL_LG_K = 14;
    /** t-digest compression 100: rank error about 1% at worst, smaller in the tails; see {@link Aggregation}. */
    static final double TDIGEST_COMPRESSION = 100;

    private static final byte COUNT = 0;
    private static final byte SUM = 1;
    private static final byte AVG = 2;
    private static final byte MIN = 3;
    private static final byte MAX = 4;
    private static final byte RATIO = 5;
    private static final byte DISTINCT = 6;
    private static final byte QUANTILE = 7;

    long count;

    private KpiAccumulator() {
    }

    /** A fresh accumulator for {@code aggregation}. */
    public static KpiAccumulator create(Aggregation aggregation) {
        switch (aggregation.type()) {
            case COUNT: return new Count();
            case SUM: return new Sum(SUM);
            case AVG: return new Sum(AVG);
            case MIN: return new Extreme(MIN);
            case MAX: return new Extreme(MAX);
            case RATIO: return new Ratio();
            case DISTINCT_COUNT: return new Distinct(new HllSketch(HLL_LG_K, TgtHllType.HLL_4));
            case QUANTILE: return new Quantile(new MergingDigest(TDIGEST_COMPRESSION), aggregation.quantile());
            default: throw new AssertionError(aggregation.type());
        }
    }

    /** Adds one event's contribution. */
    public final void add(double a, double b, String text) {
        add(a, b, text, 1);
    }

    /**
     * Adds the contribution of {@code events} events that {@link ContributionCombiner} folded into one: {@code a} and
     * {@code b} are their sums (count, sum, avg, ratio) or their minimum / maximum. Sketches take single events only.
     */
    public abstract void add(double a, double b, String text, int events);

    /** The KPI value of the window so far (NaN for a ratio whose denominator is 0). */
    public abstract double value();

    /** The numerator of a ratio, else NaN. */
    public double numerator() {
        return Double.NaN;
    }

    /** The denominator of a ratio, else NaN. */
    public double denominator() {
        return Double.NaN;
    }

    /** Events that contributed. */
    public long count() {
        return count;
    }

    /** Whether this accumulator keeps a numerator and a denominator. */
    public boolean isRatio() {
        return false;
    }

    public abstract KpiAccumulator copy();

    abstract byte kind();

    abstract void writeBody(DataOutputView out) throws IOException;

    /** Writes a kind tag, the count and the body; {@link #read} restores it without knowing the definition. */
    public final void write(DataOutputView out) throws IOException {
        out.writeByte(kind());
        out.writeLong(count);
        writeBody(out);
    }

    public static KpiAccumulator read(DataInputView in) throws IOException {
        byte kind = in.readByte();
        long count = in.readLong();
        KpiAccumulator acc;
        switch (kind) {
            case COUNT:
                acc = new Count();
                break;
            case SUM:
            case AVG: {
                Sum s = new Sum(kind);
                s.sum = in.readDouble();
                acc = s;
                break;
            }
            case MIN:
            case MAX: {
                Extreme e = new Extreme(kind);
                e.value = in.readDouble();
                acc = e;
                break;
            }
            case RATIO: {
                Ratio r = new Ratio();
                r.numerator = in.readDouble();
                r.denominator = in.readDouble();
                acc = r;
                break;
            }
            case DISTINCT:
                acc = new Distinct(HllSketch.heapify(readBytes(in)));
                break;
            case QUANTILE: {
                double q = in.readDouble();
                acc = new Quantile(MergingDigest.fromBytes(ByteBuffer.wrap(readBytes(in))), q);
                break;
            }
            default:
                throw new IOException("unknown KPI accumulator kind " + kind + " in state: the state was written by"
                        + " an incompatible Fulcrum version; start the job without this savepoint");
        }
        acc.count = count;
        return acc;
    }

    private static void requireSingle(int events, String aggregation) {
        if (events != 1) {
            throw new IllegalArgumentException("a " + aggregation + " accumulator takes one event at a time, got a"
                    + " contribution of " + events + " combined events: sketches cannot be combined upstream");
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeBytes(DataOutputView out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static final class Count extends KpiAccumulator {
        @Override
        public void add(double a, double b, String text, int events) {
            count += events;
        }

        @Override
        public double value() {
            return count;
        }

        @Override
        public KpiAccumulator copy() {
            Count c = new Count();
            c.count = count;
            return c;
        }

        @Override
        byte kind() {
            return COUNT;
        }

        @Override
        void writeBody(DataOutputView out) {
            // the count is all there is
        }
    }

    /** Sum or average: both keep the sum and the count. */
    private static final class Sum extends KpiAccumulator {
        private final byte kind;
        double sum;

        Sum(byte kind) {
            this.kind = kind;
        }

        @Override
        public void add(double a, double b, String text, int events) {
            sum += a;
            count += events;
        }

        @Override
        public double value() {
            return kind == SUM ? sum : sum / count;
        }

        @Override
        public KpiAccumulator copy() {
            Sum s = new Sum(kind);
            s.sum = sum;
            s.count = count;
            return s;
        }

        @Override
        byte kind() {
            return kind;
        }

        @Override
        void writeBody(DataOutputView out) throws IOException {
            out.writeDouble(sum);
        }
    }

    /** Minimum or maximum. */
    private static final class Extreme extends KpiAccumulator {
        private final byte kind;
        double value;

        Extreme(byte kind) {
            this.kind = kind;
            this.value = kind == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        @Override
        public void add(double a, double b, String text, int events) {
            value = kind == MIN ? Math.min(value, a) : Math.max(value, a);
            count += events;
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public KpiAccumulator copy() {
            Extreme e = new Extreme(kind);
            e.value = value;
            e.count = count;
            return e;
        }

        @Override
        byte kind() {
            return kind;
        }

        @Override
        void writeBody(DataOutputView out) throws IOException {
            out.writeDouble(value);
        }
    }

    private static final class Ratio extends KpiAccumulator {
        double numerator;
        double denominator;

        @Override
        public void add(double a, double b, String text, int events) {
            numerator += a;
            denominator += b;
            count += events;
        }

        @Override
        public double value() {
            return denominator == 0 ? Double.NaN : numerator / denominator;
        }

        @Override
        public double numerator() {
            return numerator;
        }

        @Override
        public double denominator() {
            return denominator;
        }

        @Override
        public boolean isRatio() {
            return true;
        }

        @Override
        public KpiAccumulator copy() {
            Ratio r = new Ratio();
            r.numerator = numerator;
            r.denominator = denominator;
            r.count = count;
            return r;
        }

        @Override
        byte kind() {
            return RATIO;
        }

        @Override
        void writeBody(DataOutputView out) throws IOException {
            out.writeDouble(numerator);
            out.writeDouble(denominator);
        }
    }

    private static final class Distinct extends KpiAccumulator {
        private final HllSketch sketch;

        Distinct(HllSketch sketch) {
            this.sketch = sketch;
        }

        @Override
        public void add(double a, double b, String text, int events) {
            requireSingle(events, "distinct-count");
            sketch.update(text);
            count++;
        }

        @Override
        public double value() {
            return Math.rint(sketch.getEstimate());
        }

        @Override
        public KpiAccumulator copy() {
            Distinct d = new Distinct(sketch.copy());
            d.count = count;
            return d;
        }

        @Override
        byte kind() {
            return DISTINCT;
        }

        @Override
        void writeBody(DataOutputView out) throws IOException {
            writeBytes(out, sketch.toCompactByteArray());
        }
    }

    /**
     * A t-digest. Its serialization and its quantile lookup compress the digest, i.e. write to it; with the heap state
     * backend a snapshot thread may serialize a digest while the task thread copies it (copy-on-write), so every
     * access holds the digest's lock. Uncontended, the lock costs little next to the digest's own work.
     */
    private static final class Quantile extends KpiAccumulator {
        private final MergingDigest digest;
        private final double q;

        Quantile(MergingDigest digest, double q) {
            this.digest = digest;
            this.q = q;
        }

        @Override
        public void add(double a, double b, String text, int events) {
            requireSingle(events, "quantile");
            synchronized (digest) {
                digest.add(a);
            }
            count++;
        }

        @Override
        public double value() {
            synchronized (digest) {
                return digest.quantile(q);
            }
        }

        @Override
        public KpiAccumulator copy() {
            Quantile c = new Quantile(MergingDigest.fromBytes(ByteBuffer.wrap(bytes())), q);
            c.count = count;
            return c;
        }

        @Override
        byte kind() {
            return QUANTILE;
        }

        @Override
        void writeBody(DataOutputView out) throws IOException {
            out.writeDouble(q);
            writeBytes(out, bytes());
        }

        /**
         * The verbose encoding: the small one stores centroid means as floats, so a restored digest would answer
         * slightly differently from the one that was snapshotted.
         */
        private byte[] bytes() {
            synchronized (digest) {
                ByteBuffer buf = ByteBuffer.allocate(digest.byteSize());
                digest.asBytes(buf);
                return buf.array();
            }
        }
    }
}
