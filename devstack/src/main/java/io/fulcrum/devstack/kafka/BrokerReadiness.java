package io.fulcrum.devstack.kafka;

import io.fulcrum.devstack.Readiness;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Ready when the broker answers a cluster description with itself in it. An open port alone is not enough: a KRaft
 * broker accepts connections before it has caught up with the metadata log and can serve requests.
 */
final class BrokerReadiness implements Readiness {

    private static final int REQUEST_TIMEOUT_MS = 2_000;

    private final String host;
    private final int port;
    private final Readiness portOpen;

    BrokerReadiness(String host, int port) {
        this.host = host;
        this.port = port;
        this.portOpen = Readiness.tcp(host, port);
    }

    @Override
    public boolean isReady() {
        // The cheap check first, so no Admin client is built (and fails noisily) while the JVM is still booting.
        if (!portOpen.isReady()) {
            return false;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(REQUEST_TIMEOUT_MS))
                    .nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Kafka cluster description from " + host + ":" + port;
    }
}
