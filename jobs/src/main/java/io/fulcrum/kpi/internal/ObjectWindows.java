package io.fulcrum.kpi.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The open windows of one business object: one {@link Pane} per (window group, window start), each holding the
 * accumulators of the group's KPIs. An object has few open panes at a time (one per group for tumbling windows, plus
 * those waiting out their lateness), so a list scanned linearly beats a map.
 */
public final class ObjectWindows {

    /** One window of one window group: accumulators by slot and what has been emitted. */
    public static final class Pane {
        public final int group;
        public final long start;
        public final long end;
        /** By slot; null where the KPI has no event in this window yet. */
        public final KpiAccumulator[] accumulators;
        /**
         * By slot: the revision of the last emitted value, -1 when none was emitted. Null (all -1) until the pane is
         * kept after its first firing: most panes are dropped when they fire (no lateness), and a pane is created for
         * nearly every event of a rarely-named object, so the array would be garbage most of the time.
         */
        private int[] revisions;
        /** By slot: changed since its last emission. Null (none) until a contribution arrives after the firing. */
        private boolean[] dirty;
        /** Whether the watermark passed the window's end and its first values were emitted. */
        public boolean fired;

        public Pane(int group, long start, long end, int slots) {
            this.group = group;
            this.start = start;
            this.end = end;
            this.accumulators = new KpiAccumulator[slots];
        }

        /** The revision of the last value emitted for {@code slot}, -1 when none was. */
        public int revision(int slot) {
            return revisions == null ? -1 : revisions[slot];
        }

        /** Whether {@code slot} changed since its last emission. */
        public boolean isDirty(int slot) {
            return dirty != null && dirty[slot];
        }

        public void markDirty(int slot) {
            if (dirty == null) {
                dirty = new boolean[accumulators.length];
            }
            dirty[slot] = true;
        }

        /** Records that the next revision of {@code slot} was emitted (it is clean again) and returns that revision. */
        public int emitted(int slot) {
            if (revisions == null) {
                revisions = new int[accumulators.length];
                Arrays.fill(revisions, -1);
            }
            if (dirty != null) {
                dirty[slot] = false;
            }
            return ++revisions[slot];
        }

        /** Sets what {@code slot} has emitted, as read back from state. */
        void restore(int slot, int revision, boolean isDirty) {
            if (revision != -1) {
                emitted(slot);
                revisions[slot] = revision;
            }
            if (isDirty) {
                markDirty(slot);
            }
        }

        Pane deepCopy() {
            Pane p = new Pane(group, start, end, accumulators.length);
            for (int i = 0; i < accumulators.length; i++) {
                p.accumulators[i] = accumulators[i] == null ? null : accumulators[i].copy();
            }
            p.revisions = revisions == null ? null : revisions.clone();
            p.dirty = dirty == null ? null : dirty.clone();
            p.fired = fired;
            return p;
        }
    }

    public final List<Pane> panes = new ArrayList<>(2);

    /** The pane of {@code group} starting at {@code start}, or null. */
    public Pane find(int group, long start) {
        for (int i = 0, n = panes.size(); i < n; i++) {
            Pane p = panes.get(i);
            if (p.group == group && p.start == start) {
                return p;
            }
        }
        return null;
    }

    public static TypeInformation<ObjectWindows> typeInfo() {
        return new SerializerTypeInfo<>(ObjectWindows.class, Serializer.INSTANCE);
    }

    /** Versioned through {@link Snapshot}; accumulators write a kind tag so no KPI definition is needed to read. */
    public static final class Serializer extends TypeSerializerSingleton<ObjectWindows> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public ObjectWindows createInstance() {
            return new ObjectWindows();
        }

        @Override
        public ObjectWindows copy(ObjectWindows from) {
            ObjectWindows w = new ObjectWindows();
            for (Pane p : from.panes) {
                w.panes.add(p.deepCopy());
            }
            return w;
        }

        @Override
        public ObjectWindows copy(ObjectWindows from, ObjectWindows reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(ObjectWindows w, DataOutputView out) throws IOException {
            out.writeInt(w.panes.size());
            for (Pane p : w.panes) {
                out.writeInt(p.group);
                out.writeLong(p.start);
                out.writeLong(p.end);
                out.writeBoolean(p.fired);
                out.writeInt(p.accumulators.length);
                for (int i = 0; i < p.accumulators.length; i++) {
                    out.writeInt(p.revision(i));
                    out.writeBoolean(p.isDirty(i));
                    out.writeBoolean(p.accumulators[i] != null);
                    if (p.accumulators[i] != null) {
                        p.accumulators[i].write(out);
                    }
                }
            }
        }

        @Override
        public ObjectWindows deserialize(DataInputView in) throws IOException {
            ObjectWindows w = new ObjectWindows();
            int panes = in.readInt();
            for (int k = 0; k < panes; k++) {
                int group = in.readInt();
                long start = in.readLong();
                long end = in.readLong();
                boolean fired = in.readBoolean();
                int slots = in.readInt();
                Pane p = new Pane(group, start, end, slots);
                p.fired = fired;
                for (int i = 0; i < slots; i++) {
                    p.restore(i, in.readInt(), in.readBoolean());
                    if (in.readBoolean()) {
                        p.accumulators[i] = KpiAccumulator.read(in);
                    }
                }
                w.panes.add(p);
            }
            return w;
        }

        @Override
        public ObjectWindows deserialize(ObjectWindows reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<ObjectWindows> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Version 1 of the KPI state layout. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ObjectWindows> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
