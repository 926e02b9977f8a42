package io.fulcrum.devstack.clickhouse;

import io.fulcrum.devstack.Readiness;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Ready when {@code /ping} answers 200 with the instance id the endpoint was started with: an endpoint that only
 * finds its port taken must not pass for ready because another server answers there.
 */
final class InstanceReadiness implements Readiness {

    static final String INSTANCE_HEADER = "X-Fulcrum-Instance";

    private final URI ping;
    private final String instance;

    InstanceReadiness(URI ping, String instance) {
        this.ping = ping;
        this.instance = instance;
    }

    @Override
    public boolean isReady() {
        try {
            HttpURLConnection c = (HttpURLConnection) ping.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200 && instance.equals(c.getHeaderField(INSTANCE_HEADER));
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HTTP GET " + ping + " answering with " + INSTANCE_HEADER + ": " + instance;
    }
}
