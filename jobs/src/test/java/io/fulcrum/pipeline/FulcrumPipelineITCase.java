package io.fulcrum.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.clickhouse.ClickHouseConnectionSettings;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import io.fulcrum.devstack.junit.KafkaExtension;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ExpectedDirection;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeScope;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.ObjectSelector;
import io.fulcrum.schema.KpiTarget;

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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the embedded stack (Kafka, Apicurio, ClickHouse over chDB) and a MiniCluster: JSON
 * deliveries from a source system (some published twice, deduplicated by {@code job.deduplicationWindow}) and one
 * initiative (scoped by a selector on the lanes' carrier attribute) in, and what lands in ClickHouse compared with a
 * brute-force computation over the produced records, each delivery once: the KPI values per lane and hour, the dead
 * letters (malformed records and events later than the allowed lateness) and the initiative's pre/post estimate.
 *
 * <p>Whether an event is later than the allowed lateness depends on the watermark the KPI engine has seen when the
 * event arrives, and a bounded job reads a whole topic in one go. So the test makes the watermark's progress
 * deterministic: the consumer asks the broker for more bytes than one partition's fetch may carry
 * ({@code fetch.min.bytes} above {@code max.partition.fetch.bytes}), so every fetch waits {@code fetch.max.wait.ms}
 * and returns exactly one producer batch. The on-time deliveries are one batch; the late ones a second batch that
 * arrives {@value #FETCH_WAIT_MS} ms later, long after the watermark of the first batch (emitted every 200 ms) has
 * passed. The on-time deliveries are out of order by less than outOfOrderness + allowedLateness, so they count
 * whatever the watermark was when they arrived (on time or as a late correction). The fetch wait is longer than
 * {@code job.idleness} on purpose: a bounded job must not let a quiet partition go idle, or the finished inputs
 * would carry the watermark to the end of time and every later event would be dead-lettered as late.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class, ClickHouseExtension.class})
class FulcrumPipelineITCase {

    private static final int FETCH_WAIT_MS = 1500;
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    /** Start of the first hourly window of the generated deliveries. */
    private static final long T0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    private static final int HOURS = 16;
    private static final int DELIVERIES = 320;
    /** Largest displacement of a delivery's time from its place in the topic; see the class comment. */
    private static final long JITTER = 15 * MINUTE;
    private static final List<String> LANES = List.of("DE-FR", "DE-IT", "FR-ES", "NL-BE");
    private static final String TREATED = "DE-FR";
    /** The initiative starts at hour 10: windows 0..9 are its pre-period, 10..15 its post-period. */
    private static final long START = T0 + 10 * HOUR;

    /**
     * Every {@value #REPUBLISHED_EVERY}th delivery is published a second time, under its own offset, right after the
     * delivery {@value #REPUBLISHED_AFTER} places later (as a source system re-sending after a timeout would): the
     * job's deduplication window must make it count once. Its event time is the original's, so the copy is as much
     * on time as its neighbours.
     */
    private static final int REPUBLISHED_EVERY = 40;
    private static final int REPUBLISHED_AFTER = 2;

    /** One delivery as the source system writes it. */
    private record Delivery(String id, String lane, long deliveredAt, int ordered, int delivered) {
        String json() {
            // The treated lane is the one run by carrier B: the initiative selects it by that attribute.
            return String.format(Locale.ROOT, "{\"shipmentId\": \"%s\", \"status\": \"DELIVERED\", \"lane\": \"%s\", "
                    + "\"carrier\": \"%s\", \"deliveredAt\": \"%s\", \"quantity\": {\"ordered\": %d, \"delivered\": %d}}",
                    id, lane, lane.equals(TREATED) ? "B" : "A", Instant.ofEpochMilli(deliveredAt), ordered, delivered);
        }
    }

    /** A row of kpi_values_latest. Doubles compare exactly: the sums are of whole numbers. */
    private record KpiRow(String kpi, String objectType, String object, long windowStart, long windowEnd,
                          double value, Double numerator, Double denominator, long samples) {}

    /** A row of dead_letters. */
    private record DeadLetterRow(String topic, int partition, long offset, String recordId, String reason,
                                 String value) {}

    @Test
    @Timeout(180)
    void computesKpisDeadLettersAndImpactExactly(EmbeddedKafka kafka, SchemaRegistryServer registry,
            ClickHouseServer clickhouse, @TempDir Path dir) throws Exception {
        long testStarted = System.nanoTime();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String sourceTopic = "tms-" + suffix;
        String initiativesTopic = "initiatives-" + suffix;
        String database = "e2e_" + suffix;
        kafka.createTopic(sourceTopic, 1);
        kafka.createTopic("events-" + suffix, 1);
        kafka.createTopic(initiativesTopic, 1);
        for (String output : List.of("kpi-values-", "impact-estimates-", "alerts-", "dead-letters-")) {
            kafka.createTopic(output + suffix, 2);
        }
        try (Connection c = ClickHouseConnectionSettings.of(clickhouse.jdbcUrl()).open();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        writeConfiguration(dir, kafka, registry, clickhouse, suffix, database);

        // ---- the records: on-time (out of order), malformed, and late beyond the lateness ----
        Random random = new Random(20261127L);
        List<Delivery> onTime = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String lane = LANES.get(random.nextInt(LANES.size()));
            long nominal = T0 + i * (HOURS * HOUR) / DELIVERIES;
            long time = nominal + (long) ((random.nextDouble() * 2 - 1) * JITTER);
            time = Math.max(T0, Math.min(T0 + HOURS * HOUR - 1, time));
            int ordered = 10 + random.nextInt(91);
            // The treated lane fills worse before the initiative and better after it.
            double fill = lane.equals(TREATED) ? (time < START ? 0.80 : 0.95) : 0.90;
            int delivered = Math.min(ordered, (int) Math.round(ordered * (fill + random.nextDouble() * 0.1)));
            onTime.add(new Delivery("dlv-" + i, lane, time, ordered, delivered));
        }
        // Hour 2 closed at 3h + 30m of lateness; the watermark after the first batch is near 16h.
        List<Delivery> late = List.of(
                new Delivery("late-1", TREATED, T0 + 2 * HOUR + 10 * MINUTE, 50, 10),
                new Delivery("late-2", "DE-IT", T0 + 2 * HOUR + 20 * MINUTE, 60, 60),
                new Delivery("late-3", "NL-BE", T0 + 5 * HOUR + 59 * MINUTE, 70, 1),
                new Delivery("late-4", TREATED, T0 + 9 * HOUR, 80, 80));
        byte[] truncated = "{\"shipmentId\": \"bad-1\", \"status\": \"DELIVERED\", \"lane\": \"DE-FR\""
                .getBytes(StandardCharsets.UTF_8);
        byte[] unreadableTime = ("{\"shipmentId\": \"bad-2\", \"status\": \"DELIVERED\", \"lane\": \"DE-IT\", "
                + "\"deliveredAt\": \"yesterday\", \"quantity\": {\"ordered\": 5, \"delivered\": 5}}")
                .getBytes(StandardCharsets.UTF_8);

        List<DeadLetterRow> expectedDeadLetters = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = batchingProducer(kafka)) {
            Future<RecordMetadata> truncatedAt = null;
            Future<RecordMetadata> unreadableAt = null;
            for (int i = 0; i < onTime.size(); i++) {
                if (i == 100) {
                    truncatedAt = producer.send(new ProducerRecord<>(sourceTopic, truncated));
                }
                if (i == 200) {
                    unreadableAt = producer.send(new ProducerRecord<>(sourceTopic, unreadableTime));
                }
                Delivery d = onTime.get(i);
                producer.send(new ProducerRecord<>(sourceTopic, d.lane().getBytes(StandardCharsets.UTF_8),
                        d.json().getBytes(StandardCharsets.UTF_8)));
                if (i >= REPUBLISHED_AFTER && (i - REPUBLISHED_AFTER) % REPUBLISHED_EVERY == 0) {
                    Delivery original = onTime.get(i - REPUBLISHED_AFTER);
                    producer.send(new ProducerRecord<>(sourceTopic, original.lane().getBytes(StandardCharsets.UTF_8),
                            republished(original)));
                }
            }
            producer.flush();
            for (Delivery d : late) {
                producer.send(new ProducerRecord<>(sourceTopic, d.lane().getBytes(StandardCharsets.UTF_8),
                        d.json().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            expectedDeadLetters.add(new DeadLetterRow(sourceTopic, 0, truncatedAt.get().offset(), "",
                    "CORRUPT_PAYLOAD", new String(truncated, StandardCharsets.UTF_8)));
            expectedDeadLetters.add(new DeadLetterRow(sourceTopic, 0, unreadableAt.get().offset(), "",
                    "INVALID_RECORD", new String(unreadableTime, StandardCharsets.UTF_8)));

            Initiative initiative = Initiative.newBuilder()
                    .setInitiativeId("defr-packing-" + suffix)
                    .setTitle("New packing standard on lane DE-FR")
                    .setOwner("Transport EU")
                    .setStatus(InitiativeStatus.ACTIVE)
                    .setTargetKpis(List.of(new KpiTarget("fill_rate_route", ExpectedDirection.INCREASE, null)))
                    .setScope(new InitiativeScope(List.of(),
                            List.of(new ObjectSelector("route", Map.of("carrier", "B")))))
                    .setStartTime(Instant.ofEpochMilli(START))
                    .setEndTime(null)
                    .setRampUpMillis(null)
                    .setControlObjects(List.of())
                    .setUpdatedAt(Instant.ofEpochMilli(T0))
                    .build();
            byte[] value = new ConfluentAvroEncoder<>(AvroRecordFormat.specific(Initiative.class),
                    SchemaRegistryClient.create(SchemaRegistryConfig.of(registry.confluentApiUrl().toString())),
                    initiativesTopic, false, SubjectNameStrategy.TOPIC_NAME, true).encode(initiative);
            Future<RecordMetadata> published = producer.send(new ProducerRecord<>(initiativesTopic,
                    initiative.getInitiativeId().getBytes(StandardCharsets.UTF_8), value));
            producer.flush();   // the producer lingers until a flush
            published.get();
        }
        for (Delivery d : late) {
            expectedDeadLetters.add(new DeadLetterRow("", -1, -1, d.id(), "LATE", null));
        }

        // ---- the job ----
        long started = System.nanoTime();
        System.out.printf("servers up, records produced after %.1f s in the test%n", (started - testStarted) / 1e9);
        FulcrumPipeline pipeline = FulcrumPipeline.load(dir);
        pipeline.migrateClickHouse();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        pipeline.addTo(env);
        env.execute("fulcrum-e2e");
        System.out.printf("pipeline ran in %.1f s%n", (System.nanoTime() - started) / 1e9);

        // ---- KPI values ----
        ClickHouseConnectionSettings db = ClickHouseConnectionSettings.of(clickhouse.jdbcUrl(database));
        assertThat(kpiRows(db)).containsExactlyInAnyOrderElementsOf(bruteForceKpis(onTime));

        // ---- dead letters: late rows keep no Kafka coordinates, so their value (the decoded event) is not compared
        List<DeadLetterRow> deadLetters = new ArrayList<>();
        query(db, "SELECT source_topic, source_partition, source_offset, record_id, toString(reason_code), value "
                + "FROM dead_letters FINAL", rs -> deadLetters.add(new DeadLetterRow(rs.getString(1), rs.getInt(2),
                rs.getLong(3), rs.getString(4), rs.getString(5),
                "LATE".equals(rs.getString(5)) ? null : rs.getString(6))));
        assertThat(deadLetters).containsExactlyInAnyOrderElementsOf(expectedDeadLetters);

        // ---- impact: the treated lane's mean fill rate over the windows before and after the start ----
        Map<Long, double[]> treatedWindows = new TreeMap<>();
        for (Delivery d : onTime) {
            if (d.lane().equals(TREATED)) {
                double[] sums = treatedWindows.computeIfAbsent(windowOf(d.deliveredAt()), w -> new double[2]);
                sums[0] += d.delivered();
                sums[1] += d.ordered();
            }
        }
        List<Double> pre = new ArrayList<>();
        List<Double> post = new ArrayList<>();
        treatedWindows.forEach((w, sums) -> (w < START ? pre : post).add(sums[0] / sums[1]));
        assertThat(pre).hasSize(10);
        assertThat(post).hasSize(6);

        List<String> methods = new ArrayList<>();
        List<double[]> prePost = new ArrayList<>();
        query(db, "SELECT toString(scope), toString(object_type), object_id, toString(method), pre_mean, post_mean, "
                + "pre_sample_size, post_sample_size, withdrawn FROM impact_estimates_latest WHERE initiative_id = "
                + "'defr-packing-" + suffix + "' AND kpi_id = 'fill_rate_route'", rs -> {
                    assertThat(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3))
                            .isEqualTo("OBJECT/route/" + TREATED);
                    assertThat(rs.getBoolean(9)).as("withdrawn").isFalse();
                    methods.add(rs.getString(4));
                    if (rs.getString(4).equals("PRE_POST")) {
                        prePost.add(new double[] {rs.getDouble(5), rs.getDouble(6), rs.getLong(7), rs.getLong(8)});
                    }
                });
        // All four estimators report; with three control lanes (fewer than minControls) only PRE_POST has data.
        assertThat(methods).containsExactlyInAnyOrder("PRE_POST", "DIFFERENCE_IN_DIFFERENCES", "SYNTHETIC_CONTROL",
                "SYNTHETIC_DIFFERENCE_IN_DIFFERENCES");
        assertThat(prePost).hasSize(1);
        double[] estimate = prePost.get(0);
        assertThat(estimate[0]).isCloseTo(mean(pre), within(1e-12));
        assertThat(estimate[1]).isCloseTo(mean(post), within(1e-12));
        assertThat(estimate[2]).isEqualTo(pre.size());
        assertThat(estimate[3]).isEqualTo(post.size());
    }

    /**
     * The second publication of {@code d}: the same shipment id, hence the same event id. One copy in two says the
     * shipment delivered nothing, so a copy that slipped through would change a fill rate as well as a count.
     */
    private static byte[] republished(Delivery d) {
        Delivery copy = Integer.parseInt(d.id().substring("dlv-".length())) % (2 * REPUBLISHED_EVERY) == 0 ? d
                : new Delivery(d.id(), d.lane(), d.deliveredAt(), d.ordered(), 0);
        return copy.json().getBytes(StandardCharsets.UTF_8);
    }

    /** The KPI values of the on-time deliveries (each once), per lane and hour, computed directly. */
    private static Set<KpiRow> bruteForceKpis(List<Delivery> onTime) {
        Map<String, long[]> cells = new TreeMap<>();   // lane|window -> count, delivered, ordered
        for (Delivery d : onTime) {
            long[] cell = cells.computeIfAbsent(d.lane() + "|" + windowOf(d.deliveredAt()), k -> new long[3]);
            cell[0]++;
            cell[1] += d.delivered();
            cell[2] += d.ordered();
        }
        Set<KpiRow> rows = new HashSet<>();
        cells.forEach((key, cell) -> {
            String lane = key.substring(0, key.indexOf('|'));
            long window = Long.parseLong(key.substring(key.indexOf('|') + 1));
            rows.add(new KpiRow("deliveries_route", "route", lane, window, window + HOUR, cell[0], null, null,
                    cell[0]));
            rows.add(new KpiRow("fill_rate_route", "route", lane, window, window + HOUR,
                    (double) cell[1] / cell[2], (double) cell[1], (double) cell[2], cell[0]));
        });
        return rows;
    }

    private static List<KpiRow> kpiRows(ClickHouseConnectionSettings db) throws SQLException {
        List<KpiRow> rows = new ArrayList<>();
        query(db, "SELECT kpi_id, object_type, object_id, toUnixTimestamp64Milli(window_start), "
                + "toUnixTimestamp64Milli(window_end), value, numerator, denominator, sample_count "
                + "FROM kpi_values_latest", rs -> rows.add(new KpiRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6), nullableDouble(rs, 7),
                nullableDouble(rs, 8), rs.getLong(9))));
        return rows;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static long windowOf(long time) {
        return Math.floorDiv(time, HOUR) * HOUR;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(ClickHouseConnectionSettings db, String sql, RowReader reader) throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    /** A producer that keeps everything sent between two flushes in one batch per partition. */
    private static KafkaProducer<byte[], byte[]> batchingProducer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void writeConfiguration(Path dir, EmbeddedKafka kafka, SchemaRegistryServer registry,
            ClickHouseServer clickhouse, String suffix, String database) throws Exception {
        Files.writeString(dir.resolve("fulcrum.yaml"), String.join("\n",
                "kafka:",
                "  bootstrapServers: " + kafka.bootstrapServers(),
                "  groupId: e2e-" + suffix,
                "  properties:",
                "    fetch.min.bytes: '65536'",
                "    max.partition.fetch.bytes: '1'",
                "    fetch.max.wait.ms: '" + FETCH_WAIT_MS + "'",
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
                "  parallelism: 2",
                "  checkpointInterval: 1s",
                "  outOfOrderness: 10m",
                "  idleness: 1s",
                "  bounded: true",
                "  deduplicationWindow: 2h",          // >= the KPIs' 1h window + 30m allowedLateness
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
                "attributes:",
                "  carrier: carrier",
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
                "    allowedLateness: 30m",
                "    direction: higher-is-better",
                "  - id: fill_rate_route",
                "    name: Fill rate, per lane",
                "    unit: ratio",
                "    objectType: route",
                "    filter: {eventTypes: [shipment_delivered]}",
                "    aggregation: {type: ratio, numerator: quantity_delivered, denominator: quantity_ordered}",
                "    window: {type: tumbling, size: 1h}",
                "    allowedLateness: 30m",
                "    direction: higher-is-better",
                ""));
    }
}
