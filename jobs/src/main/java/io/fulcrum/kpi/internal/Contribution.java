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
 * What one event, or several combined events, contribute to one business object: for each KPI, the KPI's index, the
 * values {@code (a, b, text)} its accumulator needs and how many events they stand for. This, not the event, crosses
 * the keyBy: a few numbers instead of the whole event (the devstack notes measured the record's network serialization
 * at ~23% of a KPI job's time). {@link ContributionCombiner} folds the contributions of several events to one object
 * into one (then {@code a} and {@code b} are sums, or the minimum / maximum, of the events' values).
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
    /** By entry, the attribute of a distinct count; null until an entry has one (most contributions have none). */
    private String[] text;
    /** By entry, how many events the entry stands for; null while every entry stands for one (not combined). */
    private int[] events;

    public Contribution() {
        this(4);
    }

    /** With room for {@code capacity} KPIs before the arrays grow. */
    public Contribution(int capacity) {
        kpi = new int[capacity];
        a = new double[capacity];
        b = new double[capacity];
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

    /** Empties this contribution for reuse, keeping its arrays. */
    void clear() {
        size = 0;
    }

    /** Makes this contribution an equal copy of {@code from}, reusing its arrays where they are large enough. */
    void copyFrom(Contribution from) {
        key = from.key;
        timestamp = from.timestamp;
        watermark = from.watermark;
        size = 0;
        for (int i = 0; i < from.size; i++) {
            add(from.kpi[i], from.a[i], from.b[i], from.text(i), from.events(i));
        }
    }

    /** Appends one event's contribution to one KPI. */
    public void add(int kpiIndex, double aValue, double bValue, String textValue) {
        add(kpiIndex, aValue, bValue, textValue, 1);
    }

    /** Appends the contribution of {@code eventCount} events to one KPI. */
    public void add(int kpiIndex, double aValue, double bValue, String textValue, int eventCount) {
        if (size == kpi.length) {
            int n = Math.max(1, size * 2);
            kpi = Arrays.copyOf(kpi, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            if (text != null) {
                text = Arrays.copyOf(text, n);
            }
            if (events != null) {
                events = Arrays.copyOf(events, n);
            }
        }
        kpi[size] = kpiIndex;
        a[size] = aValue;
        b[size] = bValue;
        if (textValue != null || text != null) {
            if (text == null) {
                text = new String[kpi.length];
            }
            text[size] = textValue;
        }
        if (eventCount != 1 || events != null) {
            eventCounts()[size] = eventCount;
        }
        size++;
    }

    /** The distinct-count attribute of entry {@code i}, or null. */
    public String text(int i) {
        return text == null ? null : text[i];
    }

    /** How many events entry {@code i} stands for. */
    public int events(int i) {
        return events == null ? 1 : events[i];
    }

    /** Entry {@code i} now stands for {@code more} events more. */
    void addEvents(int i, int more) {
        eventCounts()[i] += more;
    }

    private int[] eventCounts() {
        if (events == null) {
            events = new int[kpi.length];
            Arrays.fill(events, 1);
        }
        return events;
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
                    .append(text(i) != null ? ", " + text(i) : "")
                    .append(events(i) != 1 ? " x" + events(i) : "").append(']');
        }
        return s.append('}').toString();
    }

    /** Writes only the filled entries, and b/text/event count only where set. */
    public static final class Serializer extends TypeSerializerSingleton<Contribution> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();
        private static final int HAS_B = 1;
        private static final int HAS_TEXT = 2;
        private static final int HAS_EVENTS = 4;

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
            c.text = from.text == null ? null : from.text.clone();
            c.events = from.events == null ? null : from.events.clone();
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
                String text = c.text(i);
                int events = c.events(i);
                boolean hasText = text != null;
                boolean hasEvents = events != 1;
                out.writeShort(c.kpi[i]);
                out.writeByte((hasB ? HAS_B : 0) | (hasText ? HAS_TEXT : 0) | (hasEvents ? HAS_EVENTS : 0));
                out.writeDouble(c.a[i]);
                if (hasB) {
                    out.writeDouble(c.b[i]);
                }
                if (hasText) {
                    out.writeUTF(text);
                }
                if (hasEvents) {
                    out.writeInt(events);
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
            c.text = null;
            c.events = null;
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
                int events = (flags & HAS_EVENTS) != 0 ? in.readInt() : 1;
                c.add(k, a, b, t, events);
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
