package io.fulcrum.connect.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.schema.AlertState;
import io.fulcrum.schema.KpiAlert;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The JSON body of one webhook request, in the receiver's format.
 *
 * <p>Alertmanager: the label set is an alert's identity there, so it holds only what identifies the alert
 * ({@code alertname=FulcrumKpiAlert}, {@code alert_id}, {@code kpi_id}, {@code object_type}, {@code object_id},
 * {@code detector}); severity, values, window, initiatives and the flapping flag are annotations, so that a change of
 * severity updates the alert instead of forking a second one. {@code summary} is a short line of the numbers,
 * {@code description} the alert's reason (the sentence saying why it fired or resolved; left out for records
 * written before the field existed, whose reason is empty). {@code startsAt} is the opening time, {@code endsAt} the resolve time
 * (resolved alerts only).
 */
public final class WebhookPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {
    }

    /** Renders a batch; alerts keep their order. */
    public static byte[] render(List<KpiAlert> alerts, WebhookOptions options) {
        try {
            if (options.format() == WebhookFormat.ALERTMANAGER) {
                ArrayNode body = JSON.createArrayNode();
                alerts.forEach(a -> body.add(alertmanager(a, options)));
                return JSON.writeValueAsBytes(body);
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode array = body.putArray("alerts");
            alerts.forEach(a -> array.add(generic(a, options)));
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rendering " + alerts.size() + " alerts as " + options.format() + " failed", e);
        }
    }

    private static ObjectNode alertmanager(KpiAlert a, WebhookOptions options) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", "FulcrumKpiAlert");
        labels.put("alert_id", a.getAlertId());
        labels.put("kpi_id", a.getKpiId());
        labels.put("object_type", a.getObject().getType());
        labels.put("object_id", a.getObject().getId());
        labels.put("detector", a.getDetector());
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", summary(a));
        if (!a.getReason().isEmpty()) {
            annotations.put("description", a.getReason());
        }
        annotations.put("flapping", Boolean.toString(a.getFlapping()));
        annotations.put("severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
        annotations.put("state", a.getState().name());
        annotations.put("observed_value", Double.toString(a.getObservedValue()));
        if (a.getExpectedValue() != null) {
            annotations.put("expected_value", Double.toString(a.getExpectedValue()));
        }
        annotations.put("window_start", a.getWindowStart().toString());
        annotations.put("window_end", a.getWindowEnd().toString());
        if (!a.getActiveInitiatives().isEmpty()) {
            annotations.put("active_initiatives", String.join(",", a.getActiveInitiatives()));
            options.initiativeLinkTemplate().ifPresent(t ->
                    annotations.put("initiative_links", links(a, t).collect(Collectors.joining(" "))));
        }
        alert.put("startsAt", a.getOpenedAt().toString());
        if (a.getState() == AlertState.RESOLVED) {
            Instant resolved = a.getResolvedAt() != null ? a.getResolvedAt() : a.getUpdatedAt();
            alert.put("endsAt", resolved.toString());
        }
        return alert;
    }

    private static ObjectNode generic(KpiAlert a, WebhookOptions options) {
        ObjectNode alert = JSON.createObjectNode();
        alert.put("alertId", a.getAlertId());
        alert.put("state", a.getState().name());
        alert.put("kpiId", a.getKpiId());
        alert.put("objectType", a.getObject().getType());
        alert.put("objectId", a.getObject().getId());
        alert.put("windowStart", a.getWindowStart().toString());
        alert.put("windowEnd", a.getWindowEnd().toString());
        alert.put("observedValue", a.getObservedValue());
        alert.put("expectedValue", a.getExpectedValue());
        alert.put("expectedLower", a.getExpectedLower());
        alert.put("expectedUpper", a.getExpectedUpper());
        alert.put("detector", a.getDetector());
        alert.put("severity", a.getSeverity().name());
        ArrayNode initiatives = alert.putArray("activeInitiatives");
        a.getActiveInitiatives().forEach(initiatives::add);
        options.initiativeLinkTemplate().ifPresent(t -> {
            ArrayNode links = alert.putArray("initiativeLinks");
            links(a, t).forEach(links::add);
        });
        alert.put("openedAt", a.getOpenedAt().toString());
        alert.put("updatedAt", a.getUpdatedAt().toString());
        alert.put("resolvedAt", a.getResolvedAt() == null ? null : a.getResolvedAt().toString());
        alert.put("reason", a.getReason());
        alert.put("flapping", a.getFlapping());
        return alert;
    }

    private static java.util.stream.Stream<String> links(KpiAlert a, String template) {
        return a.getActiveInitiatives().stream().map(id -> template.replace("{initiativeId}", id));
    }

    private static String summary(KpiAlert a) {
        return String.format(Locale.ROOT, "%s of %s %s: %s %s%s (%s%s)", a.getKpiId(), a.getObject().getType(),
                a.getObject().getId(), a.getDetector(), a.getObservedValue(),
                a.getExpectedValue() == null ? "" : " vs expected " + a.getExpectedValue(),
                a.getState() == AlertState.RESOLVED ? "resolved" : a.getSeverity().name().toLowerCase(Locale.ROOT),
                a.getFlapping() ? ", flapping" : "");
    }
}
