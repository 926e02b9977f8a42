package io.fulcrum.connect.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.schema.AlertSeverity;
import io.fulcrum.schema.AlertState;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.KpiAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook delivery from a Flink job (MiniCluster) to a real local HTTP receiver that fails the first attempts. */
class WebhookDeliveryITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    /** 30 alerts, each OPENED, UPDATED, UPDATED, RESOLVED, interleaved across ids: 120 records. */
    private static List<KpiAlert> lifecycles() {
        List<KpiAlert> all = new ArrayList<>();
        AlertState[] steps = {AlertState.OPENED, AlertState.UPDATED, AlertState.UPDATED, AlertState.RESOLVED};
        for (int step = 0; step < steps.length; step++) {
            for (int id = 0; id < 30; id++) {
                long at = T0 + (step + 1) * 3_600_000L;
                all.add(KpiAlert.newBuilder().setAlertId("alert-" + id).setState(steps[step]).setKpiId("otif")
                        .setObject(new BusinessObjectRef("route", "R-" + id))
                        .setWindowStart(Instant.ofEpochMilli(at - 3_600_000L)).setWindowEnd(Instant.ofEpochMilli(at))
                        .setObservedValue(step).setDetector("threshold")
                        .setSeverity(step == 1 ? AlertSeverity.CRITICAL : AlertSeverity.WARNING)
                        .setOpenedAt(Instant.ofEpochMilli(T0 + 3_600_000L)).setUpdatedAt(Instant.ofEpochMilli(at))
                        .setResolvedAt(steps[step] == AlertState.RESOLVED ? Instant.ofEpochMilli(at) : null)
                        .setReason("otif (route R-" + id + ") " + steps[step] + " at step " + step)
                        .setFlapping(step == 2).build());
            }
        }
        return all;
    }

    /** Per alert id, the (state, windowEnd, observedValue, reason, flapping) records in the order first received. */
    private static Map<String, List<String>> firstArrivals(List<JsonNode> received, String idField, boolean alertmanager) {
        Map<String, LinkedHashSet<String>> byId = new LinkedHashMap<>();
        for (JsonNode a : received) {
            String id = alertmanager ? a.get("labels").get(idField).asText() : a.get(idField).asText();
            String record = alertmanager
                    ? a.get("annotations").get("state").asText() + "@" + a.get("annotations").get("window_end").asText()
                            + "=" + a.get("annotations").get("observed_value").asText()
                            + " " + a.get("annotations").get("description").asText()
                            + " flapping=" + a.get("annotations").get("flapping").asText()
                    : a.get("state").asText() + "@" + a.get("windowEnd").asText() + "=" + a.get("observedValue").asDouble()
                            + " " + a.get("reason").asText() + " flapping=" + a.get("flapping").asBoolean();
            byId.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(record);
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        byId.forEach((k, v) -> result.put(k, List.copyOf(v)));
        return result;
    }

    private static Map<String, List<String>> expected(List<KpiAlert> alerts, boolean alertmanager) {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (KpiAlert a : alerts) {
            String value = alertmanager ? Double.toString(a.getObservedValue()) : String.valueOf(a.getObservedValue());
            byId.computeIfAbsent(a.getAlertId(), k -> new ArrayList<>())
                    .add(a.getState() + "@" + a.getWindowEnd() + "=" + value + " " + a.getReason()
                            + " flapping=" + a.getFlapping());
        }
        return byId;
    }

    @Test
    void everyAlertArrivesInOrderPerIdDespiteFailingFirstAttempts() throws Exception {
        List<KpiAlert> alerts = lifecycles();
        try (FlakyReceiver receiver = new FlakyReceiver(3)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(200);
            WebhookOptions options = WebhookOptions.builder(receiver.uri("/hooks/fulcrum"), WebhookFormat.GENERIC_JSON)
                    .batchSize(7).backoff(Duration.ofMillis(20), Duration.ofMillis(100)).maxAttempts(10).build();
            WebhookSink.attach(env.fromData(alerts, TypeInformation.of(KpiAlert.class)), options);
            env.execute("webhook-delivery");

            assertThat(receiver.refused()).isEqualTo(3);
            List<JsonNode> received = receiver.received();
            // No restart happened, so nothing is duplicated: exactly the 120 records, each id's in its order.
            assertThat(received).hasSize(alerts.size());
            assertThat(firstArrivals(received, "alertId", false)).isEqualTo(expected(alerts, false));
            assertThat(receiver.paths()).containsOnly("/hooks/fulcrum");
        }
    }

    /** Holds the job open for a while after the last element, so that the sink's resend timer fires. */
    static final class Linger implements FlatMapFunction<KpiAlert, KpiAlert> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(KpiAlert alert, Collector<KpiAlert> out) throws Exception {
            out.collect(alert);
            if (alert.getState() == AlertState.RESOLVED) {
                Thread.sleep(1500);
            }
        }
    }

    @Test
    void alertmanagerGetsOpenAlertsResentUntilTheyResolve() throws Exception {
        // alert-0 opens and resolves at once; alert-1 opens and stays open while the job lingers 1.5 s with a
        // resend interval of 200 ms: Alertmanager must hear about alert-1 again, and never again about alert-0.
        List<KpiAlert> all = lifecycles();
        KpiAlert opened0 = all.get(0);
        KpiAlert opened1 = all.get(1);
        KpiAlert resolved0 = all.get(3 * 30);
        try (FlakyReceiver receiver = new FlakyReceiver(0)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            WebhookOptions options = WebhookOptions.builder(receiver.uri(""), WebhookFormat.ALERTMANAGER)
                    .batchSize(1).resendInterval(Duration.ofMillis(200)).build();
            WebhookSink.attach(env.fromData(List.of(opened0, opened1, resolved0), TypeInformation.of(KpiAlert.class))
                    .flatMap(new Linger()).returns(TypeInformation.of(KpiAlert.class)), options);
            env.execute("webhook-resend");

            List<String> records = receiver.received().stream().map(a -> a.get("labels").get("alert_id").asText()
                    + " " + a.get("annotations").get("state").asText() + (a.has("endsAt") ? " ended" : "")).toList();
            int resolvedAt = records.indexOf("alert-0 RESOLVED ended");
            assertThat(records.subList(0, resolvedAt)).as("before alert-0 resolved (resends may interleave)")
                    .contains("alert-1 OPENED").containsOnly("alert-0 OPENED", "alert-1 OPENED");
            assertThat(records.subList(resolvedAt + 1, records.size())).as("resends after alert-0 resolved")
                    .hasSizeGreaterThanOrEqualTo(2).containsOnly("alert-1 OPENED");
        }
    }

    @Test
    void aReceiverDownLongerThanTheAttemptsDelaysAlertsButLosesNone() throws Exception {
        List<KpiAlert> alerts = lifecycles();
        // 2 attempts per batch and 5 refusals: the first two deliveries fail the job twice; the restarts from the
        // last checkpoint deliver everything, possibly some records twice (same id and state: harmless).
        try (FlakyReceiver receiver = new FlakyReceiver(5)) {
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(200);
            WebhookOptions options = WebhookOptions.builder(receiver.uri(""), WebhookFormat.ALERTMANAGER)
                    .batchSize(7).backoff(Duration.ofMillis(20), Duration.ofMillis(20)).maxAttempts(2).build();
            WebhookSink.attach(env.fromData(alerts, TypeInformation.of(KpiAlert.class)), options);
            env.execute("webhook-delivery-restarts");

            assertThat(receiver.refused()).isEqualTo(5);
            assertThat(firstArrivals(receiver.received(), "alert_id", true)).isEqualTo(expected(alerts, true));
            assertThat(receiver.paths()).containsOnly("/api/v2/alerts");
            assertThat(receiver.received()).filteredOn(a -> "RESOLVED".equals(a.get("annotations").get("state").asText()))
                    .allSatisfy(a -> assertThat(a.get("endsAt").asText()).isEqualTo("2026-01-05T04:00:00Z"));
        }
    }
}
