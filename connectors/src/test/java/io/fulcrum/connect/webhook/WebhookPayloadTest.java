package io.fulcrum.connect.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.schema.AlertSeverity;
import io.fulcrum.schema.AlertState;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.KpiAlert;
import java.net.URI;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.core.memory.DataOutputSerializer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static KpiAlert alert(String id, AlertState state, long updatedAt) {
        return KpiAlert.newBuilder().setAlertId(id).setState(state).setKpiId("otif")
                .setObject(new BusinessObjectRef("route", "DE-FR"))
                .setWindowStart(Instant.parse("2026-01-05T02:00:00Z")).setWindowEnd(Instant.parse("2026-01-05T03:00:00Z"))
                .setObservedValue(0.85).setExpectedValue(0.9).setExpectedLower(0.95).setExpectedUpper(null)
                .setDetector("threshold").setSeverity(AlertSeverity.CRITICAL).setActiveInitiatives(List.of("INIT-1"))
                .setOpenedAt(Instant.parse("2026-01-05T03:00:00Z")).setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .setResolvedAt(state == AlertState.RESOLVED ? Instant.ofEpochMilli(updatedAt) : null)
                .setReason(state == AlertState.RESOLVED ? RESOLVED_REASON : OPENED_REASON)
                .setFlapping(state == AlertState.UPDATED).build();
    }

    static final String OPENED_REASON = "OTIF (route DE-FR) was 0.85 in the window 2026-01-05 02:00-03:00 UTC, below "
            + "the critical threshold 0.9 (threshold detector)";
    static final String RESOLVED_REASON = "OTIF (route DE-FR) was 0.97 in the window 2026-01-05 05:00-06:00 UTC, not "
            + "below the warning threshold 0.95 (threshold detector); resolved after 3 normal windows in a row";

    private static final long T = Instant.parse("2026-01-05T06:00:00Z").toEpochMilli();

    @Test
    void alertmanagerPayload() throws Exception {
        WebhookOptions options = WebhookOptions.builder(URI.create("http://am:9093/"), WebhookFormat.ALERTMANAGER)
                .initiativeLinkTemplate("https://fulcrum.example.com/initiatives/{initiativeId}").build();
        assertThat(options.target()).isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        byte[] body = WebhookPayload.render(List.of(alert("a-1", AlertState.OPENED, T), alert("a-1", AlertState.UPDATED, T),
                alert("a-1", AlertState.RESOLVED, T)), options);
        String annotations = "\"summary\":\"%s\",\"description\":\"%s\",\"flapping\":\"%s\","
                + "\"severity\":\"critical\",\"state\":\"%s\",\"observed_value\":\"0.85\","
                + "\"expected_value\":\"0.9\",\"window_start\":\"2026-01-05T02:00:00Z\",\"window_end\":\"2026-01-05T03:00:00Z\","
                + "\"active_initiatives\":\"INIT-1\",\"initiative_links\":\"https://fulcrum.example.com/initiatives/INIT-1\"";
        String labels = "\"labels\":{\"alertname\":\"FulcrumKpiAlert\",\"alert_id\":\"a-1\",\"kpi_id\":\"otif\","
                + "\"object_type\":\"route\",\"object_id\":\"DE-FR\",\"detector\":\"threshold\"}";
        String expected = "[{" + labels + ",\"annotations\":{"
                + String.format(annotations, "otif of route DE-FR: threshold 0.85 vs expected 0.9 (critical)",
                        OPENED_REASON, "false", "OPENED")
                + "},\"startsAt\":\"2026-01-05T03:00:00Z\"},"
                + "{" + labels + ",\"annotations\":{"
                + String.format(annotations, "otif of route DE-FR: threshold 0.85 vs expected 0.9 (critical, flapping)",
                        OPENED_REASON, "true", "UPDATED")
                + "},\"startsAt\":\"2026-01-05T03:00:00Z\"},"
                + "{" + labels + ",\"annotations\":{"
                + String.format(annotations, "otif of route DE-FR: threshold 0.85 vs expected 0.9 (resolved)",
                        RESOLVED_REASON, "false", "RESOLVED")
                + "},\"startsAt\":\"2026-01-05T03:00:00Z\",\"endsAt\":\"2026-01-05T06:00:00Z\"}]";
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void genericJsonPayload() throws Exception {
        WebhookOptions options = WebhookOptions.builder(URI.create("https://hooks.example.com/fulcrum"),
                WebhookFormat.GENERIC_JSON).build();
        assertThat(options.target()).isEqualTo(URI.create("https://hooks.example.com/fulcrum"));
        byte[] body = WebhookPayload.render(List.of(alert("a-1", AlertState.OPENED, T)), options);
        String expected = "{\"alerts\":[{\"alertId\":\"a-1\",\"state\":\"OPENED\",\"kpiId\":\"otif\",\"objectType\":\"route\","
                + "\"objectId\":\"DE-FR\",\"windowStart\":\"2026-01-05T02:00:00Z\",\"windowEnd\":\"2026-01-05T03:00:00Z\","
                + "\"observedValue\":0.85,\"expectedValue\":0.9,\"expectedLower\":0.95,\"expectedUpper\":null,"
                + "\"detector\":\"threshold\",\"severity\":\"CRITICAL\",\"activeInitiatives\":[\"INIT-1\"],"
                + "\"openedAt\":\"2026-01-05T03:00:00Z\",\"updatedAt\":\"2026-01-05T06:00:00Z\",\"resolvedAt\":null,"
                + "\"reason\":\"" + OPENED_REASON + "\",\"flapping\":false}]}";
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void writerStateRoundTrips() throws Exception {
        WebhookWriterStateSerializer serializer = new WebhookWriterStateSerializer();
        WebhookWriterState state = new WebhookWriterState(List.of(alert("a-1", AlertState.OPENED, T)),
                List.of(alert("a-2", AlertState.UPDATED, T + 1), alert("a-3", AlertState.OPENED, T + 2)));
        WebhookWriterState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertThat(back.pending()).isEqualTo(state.pending());
        assertThat(back.open()).isEqualTo(state.open());
    }

    @Test
    void writerStateFromBeforeTheUpgradeReadsWithDefaults() throws Exception {
        // A checkpoint of the build before KpiAlert v2: one pending alert, single-object encoded with v1.
        Schema v1;
        try (var in = getClass().getClassLoader().getResourceAsStream("io/fulcrum/schema/compat/KpiAlert.v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        KpiAlert current = alert("a-1", AlertState.OPENED, T);
        GenericRecord old = new GenericData.Record(v1);
        for (Schema.Field f : v1.getFields()) {
            old.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(current, f.name())));
        }
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(1);
        out.writeInt(encoded.remaining());
        out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
        out.writeInt(0);

        WebhookWriterState back = new WebhookWriterStateSerializer().deserialize(1, out.getCopyOfBuffer());

        assertThat(back.open()).isEmpty();
        assertThat(back.pending()).singleElement().isEqualTo(KpiAlert.newBuilder(current).setReason("")
                .setFlapping(false).build());
    }

    /** A field of the generated record in generic form (enums and instants as v1 writes them). */
    private static Object toGeneric(KpiAlert alert, String field) {
        Object value = alert.get(field);
        if (value instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (value instanceof Enum<?> e) {
            return new GenericData.EnumSymbol(alert.getSchema().getField(field).schema(), e.name());
        }
        if (value instanceof BusinessObjectRef ref) {
            GenericRecord r = new GenericData.Record(BusinessObjectRef.getClassSchema());
            r.put("type", ref.getType());
            r.put("id", ref.getId());
            return r;
        }
        return value;
    }

    @Test
    void badOptionsNameKeyValueAndFix() {
        assertThatThrownBy(() -> WebhookOptions.builder(URI.create("ftp://x"), WebhookFormat.GENERIC_JSON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("webhook.endpoint = ftp://x is invalid: use an http:// or https:// URL");
        assertThatThrownBy(() -> WebhookOptions.builder(URI.create("http://x"), WebhookFormat.GENERIC_JSON)
                .backoff(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("webhook.maxBackoff = PT1S is below webhook.initialBackoff = PT5S: maxBackoff must be >= initialBackoff");
    }
}
