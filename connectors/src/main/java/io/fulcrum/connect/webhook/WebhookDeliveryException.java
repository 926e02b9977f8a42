package io.fulcrum.connect.webhook;

import java.io.IOException;

/** A batch of alerts could not be delivered: names the endpoint, the attempts and the last answer. */
public final class WebhookDeliveryException extends IOException {

    private static final long serialVersionUID = 1L;

    WebhookDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
