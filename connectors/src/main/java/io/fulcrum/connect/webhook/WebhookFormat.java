package io.fulcrum.connect.webhook;

/** The receiver's API. */
public enum WebhookFormat {
    /**
     * Prometheus Alertmanager's {@code POST /api/v2/alerts}: a JSON array of alerts with labels, annotations,
     * {@code startsAt} and, on resolve, {@code endsAt}. Alertmanager resolves a firing alert that is not re-sent
     * within its {@code resolve_timeout}, so the sink re-sends open alerts every
     * {@link WebhookOptions#resendInterval()}.
     */
    ALERTMANAGER,
    /** A generic JSON webhook: {@code {"alerts": [...]}} with every field of each {@code KpiAlert}, POSTed as is. */
    GENERIC_JSON
}
