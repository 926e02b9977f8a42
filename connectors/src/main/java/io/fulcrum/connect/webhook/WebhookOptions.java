package io.fulcrum.connect.webhook;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of the webhook sink. Immutable; built with {@link #builder(URI, WebhookFormat)}.
 *
 * <pre>{@code
 * WebhookOptions options = WebhookOptions.builder(URI.create("http://alertmanager:9093"), WebhookFormat.ALERTMANAGER)
 *     .initiativeLinkTemplate("https://fulcrum.example.com/initiatives/{initiativeId}")
 *     .build();
 * }</pre>
 *
 * <p>The endpoint is the Alertmanager base URL for {@link WebhookFormat#ALERTMANAGER} ({@code /api/v2/alerts} is
 * appended) and the full URL for {@link WebhookFormat#GENERIC_JSON}.
 *
 * <p>Defaults: batchSize 100, requestTimeout 10 s, initialBackoff 200 ms, maxBackoff 30 s, maxAttempts 20 (after
 * which the job fails and restarts from its last checkpoint, so nothing is lost), resendInterval 1 min, no extra
 * headers, no initiative links.
 */
public final class WebhookOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final URI endpoint;
    private final WebhookFormat format;
    private final int batchSize;
    private final Duration requestTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;
    private final Duration resendInterval;
    private final Map<String, String> headers;
    private final String initiativeLinkTemplate;

    private WebhookOptions(Builder b) {
        this.endpoint = b.endpoint;
        this.format = b.format;
        this.batchSize = b.batchSize;
        this.requestTimeout = b.requestTimeout;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxAttempts = b.maxAttempts;
        this.resendInterval = b.resendInterval;
        this.headers = Map.copyOf(b.headers);
        this.initiativeLinkTemplate = b.initiativeLinkTemplate;
    }

    public static Builder builder(URI endpoint, WebhookFormat format) {
        return new Builder(endpoint, format);
    }

    /** The URL alerts are POSTed to. */
    public URI target() {
        if (format == WebhookFormat.ALERTMANAGER) {
            String base = endpoint.toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
        }
        return endpoint;
    }

    public WebhookFormat format() {
        return format;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration resendInterval() {
        return resendInterval;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** With {@code {initiativeId}} where the id goes; alerts then link each active initiative. */
    public Optional<String> initiativeLinkTemplate() {
        return Optional.ofNullable(initiativeLinkTemplate);
    }

    /** Builder of {@link WebhookOptions}. */
    public static final class Builder {
        private final URI endpoint;
        private final WebhookFormat format;
        private int batchSize = 100;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private int maxAttempts = 20;
        private Duration resendInterval = Duration.ofMinutes(1);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String initiativeLinkTemplate;

        private Builder(URI endpoint, WebhookFormat format) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint can't be null");
            this.format = Objects.requireNonNull(format, "format can't be null");
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("webhook.endpoint = " + endpoint + " is invalid: use an http:// or "
                        + "https:// URL");
            }
        }

        public Builder batchSize(int alerts) {
            if (alerts < 1) {
                throw new IllegalArgumentException("webhook.batchSize = " + alerts + " is invalid: must be at least 1");
            }
            this.batchSize = alerts;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("webhook.requestTimeout", timeout);
            return this;
        }

        /** Backoff between attempts doubles from {@code initial} up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive("webhook.initialBackoff", initial);
            this.maxBackoff = positive("webhook.maxBackoff", max);
            return this;
        }

        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("webhook.maxAttempts = " + attempts + " is invalid: must be at least 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        public Builder resendInterval(Duration interval) {
            this.resendInterval = positive("webhook.resendInterval", interval);
            return this;
        }

        /** An extra request header, for example {@code Authorization}. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name can't be null"),
                    Objects.requireNonNull(value, "header value can't be null"));
            return this;
        }

        public Builder initiativeLinkTemplate(String template) {
            Objects.requireNonNull(template, "initiativeLinkTemplate can't be null");
            if (!template.contains("{initiativeId}")) {
                throw new IllegalArgumentException("webhook.initiativeLinkTemplate = " + template + " has no "
                        + "{initiativeId} placeholder: add it where the initiative id goes");
            }
            this.initiativeLinkTemplate = template;
            return this;
        }

        /** @throws IllegalArgumentException when maxBackoff is below initialBackoff */
        public WebhookOptions build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("webhook.maxBackoff = " + maxBackoff + " is below webhook.initialBackoff = "
                        + initialBackoff + ": maxBackoff must be >= initialBackoff");
            }
            return new WebhookOptions(this);
        }

        private static Duration positive(String key, Duration d) {
            Objects.requireNonNull(d, key + " can't be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " = " + d + " is invalid: must be a positive duration");
            }
            return d;
        }
    }
}
