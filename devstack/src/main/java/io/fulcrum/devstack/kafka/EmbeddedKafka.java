package io.fulcrum.devstack.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka 4.2 broker inside the test JVM: one node that is broker and controller (KRaft), on a free local
 * port, with its data in a temporary directory deleted on {@link #close()}. Built on Kafka's own
 * {@code KafkaClusterTestKit}, the harness Kafka tests itself with, rather than on hand-wired server classes.
 *
 * <p>Tests get the one shared instance of a test run from {@code io.fulcrum.devstack.junit.KafkaExtension}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopic("operational-events", 3);
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * Formats and starts a single-node cluster and waits until its broker serves requests.
     *
     * @throws IllegalStateException when the broker does not start; it is shut down again
     */
    public static EmbeddedKafka start() {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                // The test kit's default is the newest metadata version, which may be a not-yet-production one
                // that clients and features treat as unstable; run what a released broker runs.
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    // One node: internal topics with one replica. One partition each keeps the first consumer
                    // group and the first transaction from creating 50 partitions (about a second each time).
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster, e);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates a topic with one replica and waits until the broker has it.
     *
     * @throws IllegalStateException when the broker refuses it, e.g. because it exists already
     */
    public void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "topic name can't be null");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of topic " + name + " must be at least 1, got " + partitions);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get();
            awaitLeaders(admin, name, partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + name + " with " + partitions + " partitions: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The controller confirms a creation before the broker has applied it to its metadata; until then producers
     * see UNKNOWN_TOPIC_OR_PARTITION. Waiting here keeps that retry noise out of every test.
     */
    private static void awaitLeaders(Admin admin, String name, int partitions)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        while (true) {
            try {
                TopicDescription topic = admin.describeTopics(Set.of(name)).allTopicNames().get().get(name);
                if (topic.partitions().size() == partitions
                        && topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + name + " has no leader for all " + partitions
                        + " partitions after " + TOPIC_READY_TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /** Shuts the broker down and deletes its data. */
    @Override
    public void close() throws Exception {
        cluster.close();
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + "]";
    }

    private static void closeQuietly(KafkaClusterTestKit cluster, Exception cause) {
        try {
            cluster.close();
        } catch (Exception suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
