package io.fulcrum.connect.webhook;

import io.fulcrum.schema.AlertState;
import io.fulcrum.schema.KpiAlert;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.concurrent.ExponentialBackoffRetryStrategy;
import org.apache.flink.util.concurrent.RetryStrategy;

/**
 * Delivers alerts in order, in batches, blocking with exponential backoff while the receiver fails.
 *
 * <p>At-least-once: Flink calls {@link #flush} before every checkpoint, and flush returns only once every alert
 * received so far is delivered, so a checkpoint never covers an undelivered alert. When the attempts run out the
 * writer fails the job, which restarts from the last checkpoint and delivers again; duplicates carry the same
 * alert id and state, so they are harmless. Blocking the task while the receiver is down is deliberate: it
 * back-pressures the alert operator instead of buffering without bound.
 *
 * <p>Written on the JDK HTTP client rather than Flink's {@code AsyncSinkBase}, which re-submits failed entries
 * without a backoff delay and may run several requests at once, which would break the per-alert order.
 */
final class WebhookWriter implements StatefulSinkWriter<KpiAlert, WebhookWriterState> {

    private final WebhookOptions options;
    private final HttpClient client;
    private final ProcessingTimeService time;
    private final ArrayDeque<KpiAlert> pending = new ArrayDeque<>();
    /** Alertmanager only: the latest record of each open alert, re-sent every resendInterval. */
    private final Map<String, KpiAlert> open = new LinkedHashMap<>();
    private final Counter delivered;
    private final Counter failedAttempts;

    WebhookWriter(WebhookOptions options, WriterInitContext context, Collection<WebhookWriterState> restored) {
        this.options = options;
        this.client = HttpClient.newBuilder().connectTimeout(options.requestTimeout()).build();
        this.time = context.getProcessingTimeService();
        for (WebhookWriterState state : restored) {
            pending.addAll(state.pending());
            state.open().forEach(a -> open.put(a.getAlertId(), a));
        }
        this.delivered = context.metricGroup().getNumRecordsSendCounter();
        this.failedAttempts = context.metricGroup().counter("webhookFailedAttempts");
        if (options.format() == WebhookFormat.ALERTMANAGER) {
            scheduleResend();
        }
    }

    @Override
    public void write(KpiAlert alert, Context context) throws IOException, InterruptedException {
        pending.add(alert);
        if (pending.size() >= options.batchSize()) {
            deliverPending();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        deliverPending();
    }

    @Override
    public List<WebhookWriterState> snapshotState(long checkpointId) {
        return List.of(new WebhookWriterState(new ArrayList<>(pending), new ArrayList<>(open.values())));
    }

    @Override
    public void close() {
        // The JDK 17 HttpClient has no close(); its threads end with the client.
    }

    private void deliverPending() throws IOException, InterruptedException {
        while (!pending.isEmpty()) {
            List<KpiAlert> batch = new ArrayList<>(Math.min(pending.size(), options.batchSize()));
            Iterator<KpiAlert> it = pending.iterator();
            while (it.hasNext() && batch.size() < options.batchSize()) {
                batch.add(it.next());
            }
            post(batch);
            for (KpiAlert alert : batch) {
                pending.poll();
                if (options.format() == WebhookFormat.ALERTMANAGER) {
                    if (alert.getState() == AlertState.RESOLVED) {
                        open.remove(alert.getAlertId());
                    } else {
                        open.put(alert.getAlertId(), alert);
                    }
                }
            }
        }
    }

    private void scheduleResend() {
        time.registerTimer(time.getCurrentProcessingTime() + options.resendInterval().toMillis(), now -> {
            List<KpiAlert> firing = new ArrayList<>(open.values());
            for (int from = 0; from < firing.size(); from += options.batchSize()) {
                post(firing.subList(from, Math.min(firing.size(), from + options.batchSize())));
            }
            scheduleResend();
        });
    }

    private void post(List<KpiAlert> batch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.target())
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookPayload.render(batch, options)));
        options.headers().forEach(request::header);
        HttpRequest built = request.build();
        RetryStrategy retry = new ExponentialBackoffRetryStrategy(options.maxAttempts() - 1,
                options.initialBackoff(), options.maxBackoff());
        for (int attempt = 1; ; attempt++) {
            String failure;
            Exception cause = null;
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    delivered.inc(batch.size());
                    return;
                }
                failure = "HTTP " + status + ": " + abbreviate(response.body());
                if (!(status == 408 || status == 429 || status / 100 == 5)) {
                    throw new WebhookDeliveryException("webhook " + options.target() + " rejected " + batch.size()
                            + " alerts (first " + batch.get(0).getAlertId() + ") with " + failure
                            + ": not retried, since the request itself is refused; fix the receiver or the options", null);
                }
            } catch (IOException e) {
                if (e instanceof WebhookDeliveryException) {
                    throw e;
                }
                failure = e.toString();
                cause = e;
            }
            failedAttempts.inc();
            if (retry.getNumRemainingRetries() <= 0) {
                throw new WebhookDeliveryException("webhook " + options.target() + " did not take " + batch.size()
                        + " alerts (first " + batch.get(0).getAlertId() + ") in " + attempt + " attempts; last: "
                        + failure + ". The job restarts from its last checkpoint and delivers them again; raise "
                        + "webhook.maxAttempts to wait longer", cause);
            }
            Thread.sleep(retry.getRetryDelay().toMillis());
            retry = retry.getNextRetryStrategy();
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
