package io.fulcrum.app.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the demo's records to Kafka: resets the demo topics so a second run does not count the first one's events
 * again, then sends records with a progress line.
 */
final class TopicPublisher implements AutoCloseable {

    /** Progress redraws one line on a terminal; into a file or pipe only the final line is written. */
    static final boolean INTERACTIVE = System.console() != null;

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PrintStream out;

    TopicPublisher(String bootstrapServers, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.out = out;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Deletes the topics if they exist and creates them empty with {@code partitions} partitions each. */
    void recreate(List<String> topics, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.deleteTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
            // Topic deletion completes asynchronously in KRaft: retry creation until the old topic is gone.
            for (int attempt = 0; ; attempt++) {
                try {
                    admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                            .all().get();
                    awaitLeaders(admin, topics);
                    return;
                } catch (ExecutionException e) {
                    if (attempt >= 50) {
                        throw e;
                    }
                    Thread.sleep(200);
                    List<String> existing = List.copyOf(admin.listTopics().names().get());
                    topics = topics.stream().filter(t -> !existing.contains(t)).toList();
                    if (topics.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    /** Waits until every partition has a leader, so the first sends are not refused with NOT_LEADER. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException,
            ExecutionException {
        for (int attempt = 0; attempt < 100; attempt++) {
            boolean ready = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (ready) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Sends every record, printing progress on one line, and waits until all are acknowledged. */
    <T> void send(String what, String topic, List<T> records, Function<T, byte[]> key, Function<T, byte[]> value) {
        int step = Math.max(1, records.size() / 20);
        long started = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            T r = records.get(i);
            producer.send(new ProducerRecord<>(topic, key.apply(r), value.apply(r)));
            if (INTERACTIVE && (i + 1) % step == 0) {
                out.printf("\r  %-40s %,8d / %,d", what, i + 1, records.size());
            }
        }
        producer.flush();
        out.printf("%s  %-40s %,8d / %,d  (%.1f s)%n", INTERACTIVE ? "\r" : "", what, records.size(),
                records.size(), (System.nanoTime() - started) / 1e9);
    }

    /** Sends raw bytes as they are, e.g. records that cannot be decoded. */
    void sendRaw(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    @Override
    public void close() {
        producer.close();
    }
}
