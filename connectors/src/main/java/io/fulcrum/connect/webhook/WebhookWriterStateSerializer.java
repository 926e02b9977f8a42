package io.fulcrum.connect.webhook;

import io.fulcrum.schema.KpiAlert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Serializes {@link WebhookWriterState}; each alert in Avro single-object encoding, which carries its schema
 * fingerprint. Alerts written by an earlier build (a checkpoint taken before an upgrade) are read with the released
 * {@code KpiAlert} version they were written with, resolved to the current one (fields added since get their
 * defaults).
 */
public final class WebhookWriterStateSerializer implements SimpleVersionedSerializer<WebhookWriterState> {

    private static final int VERSION = 1;
    /** Where the schemas module bundles its released versions, {@code <Name>.v<N>.avsc}. */
    private static final String RELEASED = "io/fulcrum/schema/compat/KpiAlert.v%d.avsc";
    private static final BinaryMessageDecoder<KpiAlert> DECODER = KpiAlert.createDecoder(releasedKpiAlerts());

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
            alerts.add(DECODER.decode(bytes));
        }
        return alerts;
    }

    /** Every released KpiAlert schema on the class path, v1 upwards. */
    private static SchemaStore releasedKpiAlerts() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        ClassLoader loader = WebhookWriterStateSerializer.class.getClassLoader();
        for (int version = 1; ; version++) {
            String resource = String.format(RELEASED, version);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    if (version == 1) {
                        throw new IllegalStateException(resource + " is not on the class path: the fulcrum-schemas "
                                + "jar bundles its released schemas; rebuild it");
                    }
                    return store;
                }
                store.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
