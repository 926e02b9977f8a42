package io.fulcrum.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.flink.FlinkClient;
import io.fulcrum.devstack.flink.FlinkCluster;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import io.fulcrum.devstack.junit.FlinkClusterExtension;
import io.fulcrum.devstack.junit.KafkaExtension;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink 2.2.1 session cluster (a JobManager and a TaskManager process on Flink's jars only),
 * submitted as users submit it ({@code flink run -d fulcrum-job.jar --config DIR}), against the embedded Kafka,
 * registry and ClickHouse: a handful of JSON deliveries in, the KPI values in ClickHouse compared with values worked
 * out by hand, then the job cancelled. The cluster is stopped by {@link FlinkClusterExtension} when the run ends.
 *
 * <p>The job is unbounded, as on a cluster. Its windows close when the watermark passes their end, so the last
 * delivery lies two hours after the others: its own window (hour 3) stays open and never reaches ClickHouse, and
 * the watermark it brings (03:00 minus one minute of out-of-orderness) closes hours 0 and 1.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class, ClickHouseExtension.class,
        FlinkClusterExtension.class})
class FlinkClusterSubmissionITCase {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration VALUES_TIMEOUT = Duration.ofSeconds(90);

    /** One delivery as the source system writes it. */
    private record Delivery(String id, String lane, Instant deliveredAt, int ordered, int delivered) {
        byte[] json() {
            return String.format(Locale.ROOT, "{\"shipmentId\": \"%s\", \"status\": \"DELIVERED\", \"lane\": \"%s\", "
                    + "\"deliveredAt\": \"%s\", \"quantity\": {\"ordered\": %d, \"delivered\": %d}}",
                    id, lane, deliveredAt, ordered, delivered).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A row of kpi_values_latest. */
    private record KpiRow(String kpi, String object, Instant windowStart, double value, Double numerator,
                          Double denominator, long samples) {}

    @Test
    @Timeout(240)
    void jobJarComputesKpisOnTheCluster(EmbeddedKafka kafka, SchemaRegistryServer registry,
            ClickHouseServer clickhouse, FlinkCluster flink, @TempDir Path config) throws Exception {
        FlinkClient client = flink.client();
        // The cluster runs on Flink's jars alone: whatever the job needs beyond them must come from the job jar.
        assertThat(client.jobManagerClasspath())
                .anyMatch(entry -> entry.contains("flink-runtime-2.2.1.jar"))
                .noneMatch(entry -> entry.contains("fulcrum") || entry.contains("kafka-clients")
                        || entry.contains("flink-connector-kafka") || entry.contains("avro")
                        || entry.contains("clickhouse") || !entry.endsWith(".jar"));

        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String database = "deploy_" + suffix;
        for (String topic : List.of("tms-", "events-", "initiatives-", "kpi-values-", "impact-estimates-",
                "alerts-", "dead-letters-")) {
            kafka.createTopic(topic + suffix, 1);
        }
        try (Connection c = ClickHouseConnectionSettings.of(clickhouse.jdbcUrl()).open();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        writeConfiguration(config, kafka, registry, clickhouse, suffix, database);

        List<Delivery> deliveries = List.of(
                new Delivery("d1", "DE-FR", T0.plusSeconds(5 * 60), 100, 90),
                new Delivery("d2", "NL-BE", T0.plusSeconds(12 * 60), 40, 30),
                new Delivery("d3", "DE-FR", T0.plusSeconds(40 * 60), 50, 50),
                new Delivery("d4", "NL-BE", T0.plusSeconds(41 * 60), 60, 60),
                new Delivery("d5", "NL-BE", T0.plusSeconds(59 * 60), 100, 80),
                new Delivery("d6", "DE-FR", T0.plusSeconds(90 * 60), 80, 60),
                // Two hours later: closes hours 0 and 1, its own window stays open.
                new Delivery("d7", "DE-FR", T0.plusSeconds(3 * 3600 + 30 * 60), 10, 10));
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (Delivery d : deliveries) {
                producer.send(new ProducerRecord<>("tms-" + suffix, d.lane().getBytes(StandardCharsets.UTF_8),
                        d.json())).get();
            }
        }
        Instant hour0 = T0;
        Instant hour1 = T0.plusSeconds(3600);
        // Worked out by hand from the deliveries above: count per lane and hour; fill rate = delivered / ordered.
        List<KpiRow> expected = List.of(
                new KpiRow("deliveries_route", "DE-FR", hour0, 2, null, null, 2),
                new KpiRow("fill_rate_route", "DE-FR", hour0, 140.0 / 150.0, 140.0, 150.0, 2),    // d1 + d3
                new KpiRow("deliveries_route", "NL-BE", hour0, 3, null, null, 3),
                new KpiRow("fill_rate_route", "NL-BE", hour0, 170.0 / 200.0, 170.0, 200.0, 3),    // d2 + d4 + d5
                new KpiRow("deliveries_route", "DE-FR", hour1, 1, null, null, 1),
                new KpiRow("fill_rate_route", "DE-FR", hour1, 60.0 / 80.0, 60.0, 80.0, 1));       // d6

        long submitStarted = System.nanoTime();
        String jobId = client.run(JobJar.path(), List.of("--config", config.toString()));
        System.out.printf("flink run -d returned job %s after %.1f s%n", jobId,
                (System.nanoTime() - submitStarted) / 1e9);
        String endState;
        try {
            ClickHouseConnectionSettings db = ClickHouseConnectionSettings.of(clickhouse.jdbcUrl(database));
            List<KpiRow> rows = awaitRows(db, expected.size(), client, flink, jobId);
            System.out.printf("%d KPI values in ClickHouse %.1f s after submission%n", rows.size(),
                    (System.nanoTime() - submitStarted) / 1e9);
            assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(client.state(jobId)).isEqualTo("RUNNING");
        } finally {
            endState = client.cancel(jobId, Duration.ofSeconds(30));
        }
        assertThat(endState).isEqualTo("CANCELED");
    }

    /**
     * Polls kpi_values_latest until it holds {@code count} rows (then returns them) or the job fails or the time is
     * up (then fails with what is known: rows so far, job state and vertices, the cluster's log tails).
     */
    private static List<KpiRow> awaitRows(ClickHouseConnectionSettings db, int count, FlinkClient client,
            FlinkCluster flink, String jobId) throws Exception {
        long deadline = System.nanoTime() + VALUES_TIMEOUT.toNanos();
        List<KpiRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            String state = client.state(jobId);
            if (FlinkClient.TERMINAL_STATES.contains(state)) {
                fail("job " + jobId + " is " + state + " before the KPI values arrived; failure:\n"
                        + client.failure(jobId) + "\nJobManager log tail:\n" + flink.jobManagerLogTail());
            }
            rows = kpiRows(db);
            if (rows.size() >= count) {
                return rows;
            }
            Thread.sleep(500);
        }
        return fail("kpi_values_latest holds " + rows.size() + " rows after " + VALUES_TIMEOUT + ", expected " + count
                + ": " + rows + "\njob " + jobId + " is " + client.state(jobId) + ", vertices "
                + client.vertices(jobId) + "\nJobManager log tail (" + flink.jobManagerLog() + "):\n"
                + flink.jobManagerLogTail() + "\nTaskManager log tails:\n" + flink.taskManagerLogTails());
    }

    private static List<KpiRow> kpiRows(ClickHouseConnectionSettings db) throws SQLException {
        List<KpiRow> rows = new ArrayList<>();
        try (Connection c = db.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT kpi_id, object_type, object_id, "
                        + "toUnixTimestamp64Milli(window_start), toUnixTimestamp64Milli(window_end), value, numerator, "
                        + "denominator, sample_count FROM kpi_values_latest")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).as("object_type").isEqualTo("route");
                assertThat(rs.getLong(5) - rs.getLong(4)).as("window length").isEqualTo(3_600_000L);
                double numerator = rs.getDouble(7);
                Double n = rs.wasNull() ? null : numerator;
                double denominator = rs.getDouble(8);
                Double d = rs.wasNull() ? null : denominator;
                rows.add(new KpiRow(rs.getString(1), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                        rs.getDouble(6), n, d, rs.getLong(9)));
            }
        }
        return rows;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void writeConfiguration(Path dir, EmbeddedKafka kafka, SchemaRegistryServer registry,
            ClickHouseServer clickhouse, String suffix, String database) throws Exception {
        Files.writeString(dir.resolve("fulcrum.yaml"), String.join("\n",
                "kafka:",
                "  bootstrapServers: " + kafka.bootstrapServers(),
                "  groupId: deploy-" + suffix,
                "registry:",
                "  url: " + registry.confluentApiUrl(),
                "clickhouse:",
                "  jdbcUrl: " + clickhouse.jdbcUrl(database),
                "topics:",
                "  events: events-" + suffix,
                "  kpiValues: kpi-values-" + suffix,
                "  initiatives: initiatives-" + suffix,
                "  impactEstimates: impact-estimates-" + suffix,
                "  alerts: alerts-" + suffix,
                "  deadLetters: dead-letters-" + suffix,
                "job:",
                "  parallelism: 1",
                "  checkpointInterval: 1s",
                "  outOfOrderness: 1m",
                "  idleness: 2s",
                ""));
        Files.createDirectories(dir.resolve("sources"));
        Files.writeString(dir.resolve("sources/tms.yaml"), String.join("\n",
                "name: tms",
                "topic: tms-" + suffix,
                "format: json",
                "eventType: {constant: shipment_delivered}",
                "eventTime: {field: deliveredAt, form: iso-8601}",
                "eventId: {fields: [shipmentId]}",
                "objects:",
                "  primary: {type: route, field: lane}",
                "measures:",
                "  quantity_ordered: quantity.ordered",
                "  quantity_delivered: quantity.delivered",
                ""));
        Files.createDirectories(dir.resolve("kpis"));
        Files.writeString(dir.resolve("kpis/delivery.yaml"), String.join("\n",
                "kpis:",
                "  - id: deliveries_route",
                "    name: Deliveries, per lane",
                "    unit: deliveries",
                "    objectType: route",
                "    filter: {eventTypes: [shipment_delivered]}",
                "    aggregation: {type: count}",
                "    window: {type: tumbling, size: 1h}",
                "    allowedLateness: 10m",
                "    direction: higher-is-better",
                "  - id: fill_rate_route",
                "    name: Fill rate, per lane",
                "    unit: ratio",
                "    objectType: route",
                "    filter: {eventTypes: [shipment_delivered]}",
                "    aggregation: {type: ratio, numerator: quantity_delivered, denominator: quantity_ordered}",
                "    window: {type: tumbling, size: 1h}",
                "    allowedLateness: 10m",
                "    direction: higher-is-better",
                ""));
    }
}
