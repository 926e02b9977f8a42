package io.fulcrum.kpi.internal;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What one event contributes to one business object: for each KPI that reads the event, the KPI's index and the
 * values {@code (a, b, text)} its accumulator needs. This, not the event, crosses the keyBy: a few numbers instead of
 * the whole event (the devstack notes measured the record's network serialization at ~23% of a KPI job's time).
 */
public final class Contribution {

    /** Separates object type and id in {@link #key}; a control character, so no real type or id contains it. */
    public static final char KEY_SEPARATOR = '\u001F';

    /** {@code objectType + KEY_SEPARATOR + objectId}: the key of the KPI state. */
    public String key;
    /** The event time. */
    public long timestamp;
    /**
     * The watermark seen when the event was split: windows whose lateness had passed then were dead-lettered, so the
     * window function skips them too (its own watermark may lag behind).
     */
    public long watermark;
    public int size;
    public int[] kpi;
    public double[] a;
    public double[] b;
    public String[] text;

    public Contribution() {
        this(4);
    }

    /** With room for {@code capacity} KPIs before the arrays grow. */
    public Contribution(int capacity) {
        kpi = new int[capacity];
        a = new double[capacity];
        b = new double[capacity];
        text = new String[capacity];
    }

    public static String key(String objectType, String objectId) {
        return objectType + KEY_SEPARATOR + objectId;
    }

    public static String objectType(String key) {
        return key.substring(0, key.indexOf(KEY_SEPARATOR));
    }

    public static String objectId(String key) {
        return key.substring(key.indexOf(KEY_SEPARATOR) + 1);
    }

    /** Appends one KPI's contribution. */
    public void add(int kpiIndex, double aValue, double bValue, String textValue) {
        if (size == kpi.length) {
            int n = size * 2;
            kpi = Arrays.copyOf(kpi, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            text = Arrays.copyOf(text, n);
        }
        kpi[size] = kpiIndex;
        a[size] = aValue;
        b[size] = bValue;
        text[size] = textValue;
        size++;
    }

    public static TypeInformation<Contribution> typeInfo() {
        return new SerializerTypeInfo<>(Contribution.class, Serializer.INSTANCE);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Contribution{").append(key.replace(KEY_SEPARATOR, '/')).append(" @")
                .append(timestamp);
        for (int i = 0; i < size; i++) {
            s.append(" [").append(kpi[i]).append(": ").append(a[i]).append(", ").append(b[i])
                    .append(text[i] != null ? ", " + text[i] : "").append(']');
        }
        return s.append('}').toString();
    }

    /** Writes only the filled entries, and b/text only where set. */
    public static final class Serializer extends TypeSerializerSingleton<Contribution> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();
        private static final int HAS_B = 1;
        private static final int HAS_TEXT = 2;

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public Contribution createInstance() {
            return new Contribution();
        }

        @Override
        public Contribution copy(Contribution from) {
            Contribution c = new Contribution();
            c.key = from.key;
            c.timestamp = from.timestamp;
            c.watermark = from.watermark;
            c.size = from.size;
            c.kpi = from.kpi.clone();
            c.a = from.a.clone();
            c.b = from.b.clone();
            c.text = from.text.clone();
            return c;
        }

        @Override
        public Contribution copy(Contribution from, Contribution reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(Contribution c, DataOutputView out) throws IOException {
            out.writeUTF(c.key);
            out.writeLong(c.timestamp);
            out.writeLong(c.watermark);
            out.writeShort(c.size);
            for (int i = 0; i < c.size; i++) {
                boolean hasB = c.b[i] != 0;
                boolean hasText = c.text[i] != null;
                out.writeShort(c.kpi[i]);
                out.writeByte((hasB ? HAS_B : 0) | (hasText ? HAS_TEXT : 0));
                out.writeDouble(c.a[i]);
                if (hasB) {
                    out.writeDouble(c.b[i]);
                }
                if (hasText) {
                    out.writeUTF(c.text[i]);
                }
            }
        }

        @Override
        public Contribution deserialize(DataInputView in) throws IOException {
            String key = in.readUTF();
            long timestamp = in.readLong();
            long watermark = in.readLong();
            int n = in.readUnsignedShort();
            Contribution c = new Contribution(n);
            c.key = key;
            c.timestamp = timestamp;
            c.watermark = watermark;
            readEntries(c, n, in);
            return c;
        }

        @Override
        public Contribution deserialize(Contribution c, DataInputView in) throws IOException {
            c.key = in.readUTF();
            c.timestamp = in.readLong();
            c.watermark = in.readLong();
            c.size = 0;
            readEntries(c, in.readUnsignedShort(), in);
            return c;
        }

        private static void readEntries(Contribution c, int n, DataInputView in) throws IOException {
            for (int i = 0; i < n; i++) {
                int k = in.readUnsignedShort();
                int flags = in.readByte();
                double a = in.readDouble();
                double b = (flags & HAS_B) != 0 ? in.readDouble() : 0;
                String t = (flags & HAS_TEXT) != 0 ? in.readUTF() : null;
                c.add(k, a, b, t);
            }
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<Contribution> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from checkpoints (contributions only sit in network buffers, never in state). */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Contribution> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
