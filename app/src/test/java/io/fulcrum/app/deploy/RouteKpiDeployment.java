package io.fulcrum.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.flink.FlinkClient;
import io.fulcrum.devstack.flink.FlinkCluster;
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

/**
 * What the cluster tests deploy: a configuration directory with one JSON delivery source ({@code tms}, keyed by
 * lane) and two hourly route KPIs (deliveries per lane, fill rate = delivered / ordered), its own topics (one
 * partition each), consumer group and ClickHouse database, all named with a fresh suffix on the shared embedded
 * Kafka, registry and ClickHouse. It publishes deliveries and reads {@code kpi_values_latest}.
 *
 * <p>Job settings: parallelism 1, checkpoints every second, one minute of out-of-orderness, inputs idle after 2 s
 * (the events and initiatives topics stay empty), ten minutes of allowed lateness per KPI.
 */
final class RouteKpiDeployment {

    /** How long the KPI values may take to reach ClickHouse once the deliveries that close their window are in. */
    static final Duration VALUES_TIMEOUT = Duration.ofSeconds(90);

    /** One delivery as the source system writes it. */
    record Delivery(String id, String lane, Instant deliveredAt, int ordered, int delivered) {
        byte[] json() {
            return String.format(Locale.ROOT, "{\"shipmentId\": \"%s\", \"status\": \"DELIVERED\", \"lane\": \"%s\", "
                    + "\"deliveredAt\": \"%s\", \"quantity\": {\"ordered\": %d, \"delivered\": %d}}",
                    id, lane, deliveredAt, ordered, delivered).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A row of kpi_values_latest. */
    record KpiRow(String kpi, String object, Instant windowStart, double value, Double numerator, Double denominator,
                  long samples) {}

    private final EmbeddedKafka kafka;
    private final ClickHouseConnectionSettings database;
    private final Path configDirectory;
    private final String suffix;

    private RouteKpiDeployment(EmbeddedKafka kafka, ClickHouseConnectionSettings database, Path configDirectory,
                               String suffix) {
        this.kafka = kafka;
        this.database = database;
        this.configDirectory = configDirectory;
        this.suffix = suffix;
    }

    /** Creates the topics and the database and writes the configuration into {@code configDirectory}. */
    static RouteKpiDeployment create(EmbeddedKafka kafka, SchemaRegistryServer registry, ClickHouseServer clickhouse,
            Path configDirectory) throws Exception {
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
        writeConfiguration(configDirectory, kafka, registry, clickhouse, suffix, database);
        return new RouteKpiDeployment(kafka, ClickHouseConnectionSettings.of(clickhouse.jdbcUrl(database)),
                configDirectory, suffix);
    }

    /** The arguments of the job jar: {@code --config DIR}. */
    List<String> jobArguments() {
        return List.of("--config", configDirectory.toString());
    }

    /** The topic the deliveries go to (one partition). */
    String deliveryTopic() {
        return "tms-" + suffix;
    }

    /** The job's Kafka consumer group, to which its sources commit their offsets when a checkpoint completes. */
    String groupId() {
        return "deploy-" + suffix;
    }

    /** Publishes the deliveries in order to {@link #deliveryTopic()}, keyed by lane, each acknowledged by all replicas. */
    void publish(List<Delivery> deliveries) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Delivery d : deliveries) {
                producer.send(new ProducerRecord<>(deliveryTopic(), d.lane().getBytes(StandardCharsets.UTF_8),
                        d.json())).get();
            }
        }
    }

    /**
     * Polls kpi_values_latest until it holds {@code count} rows (then returns them) or the job fails or
     * {@link #VALUES_TIMEOUT} is up (then fails with what is known: rows so far, job state and vertices, the
     * cluster's log tails).
     */
    List<KpiRow> awaitRows(int count, FlinkCluster flink, String jobId) throws Exception {
        FlinkClient client = flink.client();
        long deadline = System.nanoTime() + VALUES_TIMEOUT.toNanos();
        List<KpiRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            String state = client.state(jobId);
            if (FlinkClient.TERMINAL_STATES.contains(state)) {
                fail("job " + jobId + " is " + state + " before the KPI values arrived; failure:\n"
                        + client.failure(jobId) + "\nJobManager log tail:\n" + flink.jobManagerLogTail());
            }
            rows = rows();
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

    /** What kpi_values_latest holds now (every row checked to be an hourly route window). */
    List<KpiRow> rows() throws SQLException {
        List<KpiRow> rows = new ArrayList<>();
        try (Connection c = database.open(); Statement s = c.createStatement();
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
