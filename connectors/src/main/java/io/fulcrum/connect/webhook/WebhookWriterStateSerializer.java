package io.fulcrum.connect.webhook;

import io.fulcrum.schema.KpiAlert;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link WebhookWriterState}; each alert in Avro single-object encoding, which carries its schema fingerprint. */
public final class WebhookWriterStateSerializer implements SimpleVersionedSerializer<WebhookWriterState> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(WebhookWriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        write(state.pending(), out);
        write(state.open(), out);
        return out.getCopyOfBuffer();
    }

    private static void write(List<KpiAlert> alerts, DataOutputSerializer out) throws IOException {
        out.writeInt(alerts.size());
        for (KpiAlert alert : alerts) {
            ByteBuffer encoded = KpiAlert.getEncoder().encode(alert);
            out.writeInt(encoded.remaining());
            out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
        }
    }

    @Override
    public WebhookWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("webhook writer state version " + version + " is not readable by this build "
                    + "(reads " + VERSION + "): restore with the Fulcrum version that wrote the checkpoint");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        List<KpiAlert> pending = read(in);
        return new WebhookWriterState(pending, read(in));
    }

    private static List<KpiAlert> read(DataInputDeserializer in) throws IOException {
        int count = in.readInt();
        List<KpiAlert> alerts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            alerts.add(KpiAlert.getDecoder().decode(bytes));
        }
        return alerts;
    }
}
