package io.fulcrum.connect.webhook;

import io.fulcrum.schema.KpiAlert;
import java.util.List;

/**
 * Checkpointed state of one webhook writer: alerts received but not yet delivered (empty after the pre-checkpoint
 * flush, kept for safety), and for Alertmanager the open alerts it re-sends.
 */
public final class WebhookWriterState {

    private final List<KpiAlert> pending;
    private final List<KpiAlert> open;

    public WebhookWriterState(List<KpiAlert> pending, List<KpiAlert> open) {
        this.pending = List.copyOf(pending);
        this.open = List.copyOf(open);
    }

    public List<KpiAlert> pending() {
        return pending;
    }

    public List<KpiAlert> open() {
        return open;
    }
}
