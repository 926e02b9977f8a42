package io.fulcrum.connect.webhook;

import io.fulcrum.schema.KpiAlert;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Delivers {@code KpiAlert} lifecycle records to Prometheus Alertmanager or a generic JSON webhook, at least once,
 * in order per alert id, retrying with exponential backoff (see {@link WebhookWriter}).
 *
 * <pre>{@code
 * WebhookSink.attach(alerts, WebhookOptions.builder(URI.create("http://alertmanager:9093"), WebhookFormat.ALERTMANAGER).build());
 * }</pre>
 * Use {@link #attach} rather than {@code sinkTo}: it partitions by alert id, which keeps each alert's records in
 * order whatever the parallelism.
 */
public final class WebhookSink implements Sink<KpiAlert>, SupportsWriterState<KpiAlert, WebhookWriterState> {

    private static final long serialVersionUID = 1L;

    private final WebhookOptions options;

    public WebhookSink(WebhookOptions options) {
        this.options = Objects.requireNonNull(options, "options can't be null");
    }

    /** Partitions the alerts by id and sinks them; uid {@code webhook-<format>}. */
    public static DataStreamSink<KpiAlert> attach(DataStream<KpiAlert> alerts, WebhookOptions options) {
        String name = "webhook-" + options.format().name().toLowerCase(java.util.Locale.ROOT);
        return alerts.keyBy(KpiAlert::getAlertId).sinkTo(new WebhookSink(options)).name(name).uid(name);
    }

    @Override
    public StatefulSinkWriter<KpiAlert, WebhookWriterState> createWriter(WriterInitContext context) {
        return new WebhookWriter(options, context, List.of());
    }

    @Override
    public StatefulSinkWriter<KpiAlert, WebhookWriterState> restoreWriter(WriterInitContext context,
            Collection<WebhookWriterState> recoveredState) {
        return new WebhookWriter(options, context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<WebhookWriterState> getWriterStateSerializer() {
        return new WebhookWriterStateSerializer();
    }
}
