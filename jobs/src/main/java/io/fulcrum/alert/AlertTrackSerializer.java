package io.fulcrum.alert;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer of {@link AlertTrack}.
 *
 * <p>Written by hand because neither built-in path fits: the track's value types are immutable (not Flink POJOs)
 * and Kryo would give no control over the state layout across versions. The layout starts with a format version
 * so that it can evolve; version 1 is the only one so far.
 */
public final class AlertTrackSerializer extends TypeSerializerSingleton<AlertTrack> {

    public static final AlertTrackSerializer INSTANCE = new AlertTrackSerializer();

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;
    private static final long NO_INSTANT = Long.MIN_VALUE;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public AlertTrack createInstance() {
        return new AlertTrack("", "", "");
    }

    @Override
    public AlertTrack copy(AlertTrack from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("copying the alert track of KPI '" + from.kpiId() + "' failed", e);
        }
    }

    @Override
    public AlertTrack copy(AlertTrack from, AlertTrack reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(AlertTrack track, DataOutputView out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(track.kpiId());
        out.writeUTF(track.objectType());
        out.writeUTF(track.objectId());
        out.writeLong(track.windowSizeMillis);
        out.writeInt(track.values.size());
        for (Map.Entry<Long, Double> e : track.values.entrySet()) {
            out.writeLong(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeInt(track.revisions.size());
        for (Map.Entry<Long, Integer> e : track.revisions.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(track.statusAfter.size());
        for (Map.Entry<Long, Map<String, AlertStatus>> e : track.statusAfter.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().size());
            for (Map.Entry<String, AlertStatus> s : e.getValue().entrySet()) {
                out.writeUTF(s.getKey());
                writeStatus(s.getValue(), out);
            }
        }
        out.writeBoolean(track.snapshotsPruned);
        out.writeInt(track.published.size());
        for (Map.Entry<String, AlertTrack.Publication> e : track.published.entrySet()) {
            AlertTrack.Publication p = e.getValue();
            out.writeUTF(e.getKey());
            out.writeBoolean(p.open);
            out.writeInt(p.severity == null ? -1 : p.severity.ordinal());
            out.writeBoolean(p.flapping);
            out.writeLong(p.openedAt == null ? NO_INSTANT : p.openedAt.toEpochMilli());
            out.writeLong(p.sequence);
        }
        out.writeInt(track.verdicts.size());
        for (Map.Entry<String, AlertTrack.GuardrailVerdict> e : track.verdicts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().revision);
            out.writeBoolean(e.getValue().worsened);
        }
    }

    private static void writeStatus(AlertStatus s, DataOutputView out) throws IOException {
        out.writeBoolean(s.isOpen());
        out.writeInt(s.severity().map(Enum::ordinal).orElse(-1));
        out.writeInt(s.breachStreak());
        out.writeInt(s.normalStreak());
        out.writeBoolean(s.isHysteresisOpen());
        out.writeLong(s.changes());
        out.writeBoolean(s.isFlapping());
    }

    private static AlertStatus readStatus(DataInputView in) throws IOException {
        boolean open = in.readBoolean();
        int severity = in.readInt();
        return new AlertStatus(open, severity < 0 ? null : Severity.values()[severity], in.readInt(), in.readInt(),
                in.readBoolean(), in.readLong(), in.readBoolean());
    }

    @Override
    public AlertTrack deserialize(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("alert track state has format " + format + " but this build reads format " + FORMAT
                    + ": restore with the Fulcrum version that wrote the savepoint");
        }
        AlertTrack track = new AlertTrack(in.readUTF(), in.readUTF(), in.readUTF());
        track.windowSizeMillis = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            track.values.put(in.readLong(), in.readDouble());
        }
        for (int i = in.readInt(); i > 0; i--) {
            track.revisions.put(in.readLong(), in.readInt());
        }
        for (int i = in.readInt(); i > 0; i--) {
            long window = in.readLong();
            Map<String, AlertStatus> statuses = new HashMap<>();
            for (int j = in.readInt(); j > 0; j--) {
                statuses.put(in.readUTF(), readStatus(in));
            }
            track.statusAfter.put(window, Map.copyOf(statuses));
        }
        track.snapshotsPruned = in.readBoolean();
        for (int i = in.readInt(); i > 0; i--) {
            String rule = in.readUTF();
            boolean open = in.readBoolean();
            int severity = in.readInt();
            boolean flapping = in.readBoolean();
            long openedAt = in.readLong();
            long sequence = in.readLong();
            track.published.put(rule, new AlertTrack.Publication(open, severity < 0 ? null : Severity.values()[severity],
                    flapping, openedAt == NO_INSTANT ? null : Instant.ofEpochMilli(openedAt), sequence));
        }
        for (int i = in.readInt(); i > 0; i--) {
            track.verdicts.put(in.readUTF(), new AlertTrack.GuardrailVerdict(in.readInt(), in.readBoolean()));
        }
        return track;
    }

    @Override
    public AlertTrack deserialize(AlertTrack reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<AlertTrack> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the serializer has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertTrack> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
