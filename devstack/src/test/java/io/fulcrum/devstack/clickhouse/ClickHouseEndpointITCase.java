package io.fulcrum.devstack.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ClickHouse endpoint as clickhouse-jdbc 0.10.0 sees it, with the driver's defaults unless a test says
 * otherwise. Every test works on tables of its own in the run's shared endpoint.
 */
@ExtendWith(ClickHouseExtension.class)
class ClickHouseEndpointITCase {

    /** Makes the driver send PreparedStatement batches as {@code INSERT ... FORMAT RowBinary} bodies. */
    private static final String ROW_BINARY = "?beta.row_binary_for_simple_insert=true";

    @Test
    void servesTheClickHouse26Engine(ClickHouseServer clickhouse) throws SQLException {
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
                ResultSet rs = c.createStatement().executeQuery("SELECT version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("26.");
        }
    }

    @Test
    void mergeTreeTakesABatchOfValuesAndReadsItBack(ClickHouseServer clickhouse) throws SQLException {
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mt_values (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO mt_values VALUES (?, ?)")) {
                for (int i = 0; i < 1000; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "n" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long expectedSum = 0;
            for (int i = 0; i < 1000; i++) {
                expectedSum += i;
            }
            try (ResultSet rs = s.executeQuery("SELECT count(), sum(id), anyIf(name, id = 777) FROM mt_values")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1000);
                assertThat(rs.getLong(2)).isEqualTo(expectedSum);
                assertThat(rs.getString(3)).isEqualTo("n777");
            }
        }
    }

    @Test
    void replacingMergeTreeKeepsTheLatestVersionOfEachKey(ClickHouseServer clickhouse) throws SQLException {
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rmt (key String, version UInt64, value Float64)"
                    + " ENGINE = ReplacingMergeTree(version) ORDER BY key");
            s.execute("INSERT INTO rmt VALUES ('a', 1, 1.5), ('b', 1, 10.0)");
            s.execute("INSERT INTO rmt VALUES ('a', 3, 3.5), ('a', 2, 2.5)");
            assertThat(rows(s, "SELECT key, value FROM rmt FINAL ORDER BY key")).containsExactly("a|3.5", "b|10.0");
            // Two parts: ('a',1) ('b',1), and ('a',3) alone, since ClickHouse already replaces within one insert
            // (optimize_on_insert); merging the parts then drops ('a',1).
            assertThat(rows(s, "SELECT count() FROM rmt")).containsExactly("3");
            s.execute("OPTIMIZE TABLE rmt FINAL");
            assertThat(rows(s, "SELECT count() FROM rmt")).containsExactly("2");
        }
    }

    @Test
    void rowBinaryBatchOf100kRowsGivesExactAggregates(ClickHouseServer clickhouse) throws Exception {
        int n = 100_000;
        LocalDateTime base = LocalDateTime.of(2026, 1, 5, 8, 0);
        long sumId = 0;
        double sumValue = 0;
        long sumIdOfSku7 = 0;
        int rowsOfSku7 = 0;
        for (int i = 0; i < n; i++) {
            sumId += i;
            sumValue += i * 0.5;
            if (i % 100 == 7) {
                sumIdOfSku7 += i;
                rowsOfSku7++;
            }
        }
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl() + ROW_BINARY);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rb (id UInt64, object LowCardinality(String), value Float64, at DateTime64(3))"
                    + " ENGINE = MergeTree ORDER BY id");
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO rb VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "sku-" + (i % 100));
                    insert.setDouble(3, i * 0.5);
                    insert.setObject(4, base.plusNanos(i * 1_000_000L));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long insertMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("ClickHouse endpoint: 100k-row RowBinary batch insert took %d ms; endpoint RSS %s%n",
                    insertMillis, rss(clickhouse.pid()));

            try (ResultSet rs = s.executeQuery("SELECT count(), sum(id), sum(value), uniqExact(object), max(at),"
                    + " countIf(object = 'sku-7'), sumIf(id, object = 'sku-7') FROM rb")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(n);
                assertThat(rs.getLong(2)).isEqualTo(sumId);
                assertThat(rs.getDouble(3)).isEqualTo(sumValue);
                assertThat(rs.getLong(4)).isEqualTo(100);
                assertThat(rs.getObject(5, LocalDateTime.class)).isEqualTo(base.plusNanos((n - 1) * 1_000_000L));
                assertThat(rs.getLong(6)).isEqualTo(rowsOfSku7);
                assertThat(rs.getLong(7)).isEqualTo(sumIdOfSku7);
            }
        }
        assertThat(Files.readString(clickhouse.logFile())).contains("streamed RowBinary into INSERT INTO rb");
    }

    @ParameterizedTest(name = "batch as {0}")
    @ValueSource(strings = {"VALUES", "RowBinary"})
    void dateTime64LowCardinalityNullableAndDecimalRoundTrip(String batchForm, ClickHouseServer clickhouse)
            throws SQLException {
        String table = "types_" + batchForm;
        String urlOptions = batchForm.equals("RowBinary") ? ROW_BINARY : "";
        LocalDateTime at1 = LocalDateTime.of(2026, 3, 1, 10, 15, 30, 123_000_000);
        LocalDateTime at2 = LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000_000);
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl() + urlOptions);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id UInt8, at DateTime64(3), plant LowCardinality(String),"
                    + " qty Nullable(Int32), cost Decimal(18, 4)) ENGINE = MergeTree ORDER BY id");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setObject(2, at1);
                insert.setString(3, "W2");
                insert.setInt(4, 42);
                insert.setBigDecimal(5, new BigDecimal("1234.5678"));
                insert.addBatch();
                insert.setInt(1, 2);
                insert.setObject(2, at2);
                insert.setString(3, "");
                insert.setNull(4, Types.INTEGER);
                insert.setBigDecimal(5, new BigDecimal("-0.0001"));
                insert.addBatch();
                insert.executeBatch();
            }
            try (ResultSet rs = s.executeQuery("SELECT at, plant, qty, cost, toTypeName(plant) FROM " + table
                    + " ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, LocalDateTime.class)).isEqualTo(at1);
                assertThat(rs.getString(2)).isEqualTo("W2");
                assertThat(rs.getInt(3)).isEqualTo(42);
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("1234.5678");
                assertThat(rs.getString(5)).isEqualTo("LowCardinality(String)");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, LocalDateTime.class)).isEqualTo(at2);
                assertThat(rs.getString(2)).isEmpty();
                assertThat(rs.getObject(3)).isNull();
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("-0.0001");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void invalidQueryRaisesTheServerErrorCodeAndTheConnectionStaysUsable(ClickHouseServer clickhouse)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Syntax error")
                    .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(62);
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_table")
                    .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(60);
            assertThat(rows(s, "SELECT 40 + 2")).containsExactly("42");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"?compress=false", "?compress=true", "?compress=true&decompress=true"})
    void compressionOnAndOffGivesTheSameExactResults(String urlOptions, ClickHouseServer clickhouse)
            throws Exception {
        String table = "compression_" + Integer.toHexString(urlOptions.hashCode() & 0xffffff);
        int n = 300_000; // 2.4 MB of UInt64 in RowBinary: the answer spans three compressed blocks
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl() + urlOptions);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id UInt64) ENGINE = MergeTree ORDER BY id");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
                for (int i = 0; i < n; i++) {
                    insert.setLong(1, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long expectedSum = 0;
            long readSum = 0;
            int readRows = 0;
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
                while (rs.next()) {
                    assertThat(rs.getLong(1)).isEqualTo(readRows);
                    readSum += rs.getLong(1);
                    readRows++;
                }
            }
            for (int i = 0; i < n; i++) {
                expectedSum += i;
            }
            assertThat(readRows).isEqualTo(n);
            assertThat(readSum).isEqualTo(expectedSum);
        }
        // The endpoint logs the framing it used, which tells that the driver's options took effect.
        String framing = (urlOptions.contains("decompress=true") ? "[lz4 request] " : "")
                + (urlOptions.contains("compress=true") ? "[lz4 response] " : "");
        assertThat(Files.readAllLines(clickhouse.logFile()))
                .anyMatch(line -> line.endsWith("): " + framing + "SELECT id FROM " + table + " ORDER BY id"));
    }

    @Test
    void twoConcurrentClientsEachSeeExactlyTheirOwnRows(ClickHouseServer clickhouse) throws Exception {
        int clients = 2;
        int batches = 20;
        int batchSize = 1000;
        CyclicBarrier together = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                int client = k;
                results.add(pool.submit(() -> {
                    String table = "concurrent_" + client;
                    try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
                            Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE " + table + " (client UInt8, v UInt64) ENGINE = MergeTree ORDER BY v");
                        together.await(30, TimeUnit.SECONDS);
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                            for (int b = 0; b < batches; b++) {
                                for (int i = 0; i < batchSize; i++) {
                                    insert.setInt(1, client);
                                    insert.setLong(2, (long) b * batchSize + i);
                                    insert.addBatch();
                                }
                                insert.executeBatch();
                                // a read between writes, interleaving with the other client's statements
                                rows(s, "SELECT count() FROM " + table);
                            }
                        }
                        try (ResultSet rs = s.executeQuery("SELECT count(), sum(v), min(client), max(client) FROM "
                                + table)) {
                            rs.next();
                            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                        }
                    }
                }));
            }
            long n = (long) batches * batchSize;
            for (int k = 0; k < clients; k++) {
                assertThat(results.get(k).get(120, TimeUnit.SECONDS)).containsExactly(n, n * (n - 1) / 2, k, k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void httpInterfaceAnswersLikeAClickHouseServer(ClickHouseServer clickhouse) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + "ping"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("Ok.\n");

        HttpResponse<String> bound = post(http, clickhouse, "?param_x=41&param_s=" + encode("it's; DROP TABLE x"),
                "SELECT {x:UInt32} + 1, {s:String}");
        assertThat(bound.statusCode()).isEqualTo(200);
        assertThat(bound.body()).isEqualTo("42\tit\\'s; DROP TABLE x\n");
        assertThat(bound.headers().firstValue("X-ClickHouse-Timezone")).hasValue("UTC");
        assertThat(bound.headers().firstValue("X-ClickHouse-Summary")).hasValueSatisfying(
                summary -> assertThat(summary).contains("\"result_rows\":\"1\"", "\"written_rows\":\"0\""));

        assertThat(post(http, clickhouse, "", "CREATE TABLE raw (id UInt8, name String) ENGINE = MergeTree"
                + " ORDER BY id").statusCode()).isEqualTo(200);
        HttpResponse<String> inserted = post(http, clickhouse,
                "?query=" + encode("INSERT INTO raw FORMAT CSV"), "1,a\n2,b\n3,c\n");
        assertThat(inserted.statusCode()).isEqualTo(200);
        assertThat(inserted.headers().firstValue("X-ClickHouse-Summary")).hasValueSatisfying(
                summary -> assertThat(summary).contains("\"written_rows\":\"3\""));
        assertThat(post(http, clickhouse, "", "SELECT groupArray(name) FROM raw").body()).isEqualTo("['a','b','c']\n");

        HttpResponse<String> streamedFromBody = post(http, clickhouse, "", "INSERT INTO raw FORMAT TSV\n4\td\n");
        assertThat(streamedFromBody.headers().firstValue("X-ClickHouse-Summary")).hasValueSatisfying(
                summary -> assertThat(summary).contains("\"written_rows\":\"1\""));
        HttpResponse<String> byGet = http.send(HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + "?query="
                + encode("SELECT arraySort(groupArray(name)) FROM raw"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(byGet.body()).isEqualTo("['a','b','c','d']\n");

        HttpResponse<String> missing = post(http, clickhouse, "", "SELECT * FROM nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
        assertThat(missing.body()).startsWith("Code: 60. DB::Exception:").contains("nowhere");
    }

    @Test
    void setIsCheckedButNotKeptBetweenRequests(ClickHouseServer clickhouse) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 8; i++) { // more than the endpoint's engine connections
            assertThat(post(http, clickhouse, "", "SET max_result_rows = 7").statusCode()).isEqualTo(200);
            assertThat(post(http, clickhouse, "", "/* led by a comment */ SET max_result_rows = 7").statusCode())
                    .isEqualTo(200);
        }
        // Sessionless HTTP: the next request runs with the default again, whichever engine connection serves it.
        for (int i = 0; i < 8; i++) {
            assertThat(post(http, clickhouse, "", "SELECT getSetting('max_result_rows')").body()).isEqualTo("0\n");
        }
        HttpResponse<String> unknown = post(http, clickhouse, "", "SET no_such_setting = 1");
        assertThat(unknown.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("115");
        assertThat(unknown.body()).startsWith("Code: 115. DB::Exception:").contains("no_such_setting");
    }

    @Test
    void clientV2BindsQueryParametersOnTheServer(ClickHouseServer clickhouse) throws Exception {
        try (Client client = new Client.Builder().addEndpoint(clickhouse.httpUrl()).setUsername("default")
                .setPassword("").build()) {
            List<GenericRecord> rows = client.queryAll("SELECT {plant:String} AS plant, {qty:UInt32} * 2 AS twice",
                    Map.of("plant", "W2'; DROP TABLE x", "qty", 21), new QuerySettings());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getString("plant")).isEqualTo("W2'; DROP TABLE x");
            assertThat(rows.get(0).getLong("twice")).isEqualTo(42);
        }
        assertThat(Files.readAllLines(clickhouse.logFile()))
                .anyMatch(line -> line.endsWith("SELECT {plant:String} AS plant, {qty:UInt32} * 2 AS twice"));
    }

    @Test
    void urlSettingsApplyToTheirStatementOnly(ClickHouseServer clickhouse) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(post(http, clickhouse, "?max_result_rows=7&insert_deduplication_token=" + encode("it's"),
                "SELECT getSetting('max_result_rows'), getSetting('insert_deduplication_token')").body())
                .isEqualTo("7\tit\\'s\n");
        for (int i = 0; i < 8; i++) {
            assertThat(post(http, clickhouse, "", "SELECT getSetting('max_result_rows')").body()).isEqualTo("0\n");
        }
        HttpResponse<String> unknown = post(http, clickhouse, "?no_such_setting=1", "SELECT 1");
        assertThat(unknown.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("115");
        assertThat(unknown.body()).contains("no_such_setting");
    }

    @Test
    void aDeduplicationTokenMakesARetriedInsertIdempotent(ClickHouseServer clickhouse) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        post(http, clickhouse, "", "CREATE TABLE dedup (x UInt32) ENGINE = MergeTree ORDER BY x"
                + " SETTINGS non_replicated_deduplication_window = 100");
        String insert = "&query=" + encode("INSERT INTO dedup FORMAT CSV");
        assertThat(post(http, clickhouse, "?insert_deduplication_token=batch-1" + insert, "1\n2\n3\n").statusCode())
                .isEqualTo(200);
        // a retry of batch-1: dropped
        assertThat(post(http, clickhouse, "?insert_deduplication_token=batch-1" + insert, "1\n2\n3\n").statusCode())
                .isEqualTo(200);
        // batch-2 with the same rows: kept, since the token and not the content identifies it
        assertThat(post(http, clickhouse, "?insert_deduplication_token=batch-2" + insert, "1\n2\n3\n").statusCode())
                .isEqualTo(200);
        assertThat(post(http, clickhouse, "", "SELECT count(), sum(x) FROM dedup").body()).isEqualTo("6\t12\n");
    }

    @Test
    void aCompressedBodyWithABadChecksumIsRefusedWithClickHouseCode40(ClickHouseServer clickhouse) throws Exception {
        String sql = "SELECT 1";
        ByteBuffer block = ByteBuffer.allocate(16 + 9 + sql.length()).order(ByteOrder.LITTLE_ENDIAN);
        block.putLong(12345).putLong(67890); // not the CityHash128 of the block
        block.put((byte) 0x02).putInt(9 + sql.length()).putInt(sql.length()); // method NONE: raw bytes follow
        block.put(sql.getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> refused = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + "?decompress=1"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(block.array())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("40");
        assertThat(refused.body()).startsWith("Code: 40. DB::Exception: checksum mismatch");
    }

    private static HttpResponse<String> post(HttpClient http, ClickHouseServer clickhouse, String query, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(clickhouse.httpUrl() + query))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The rows of a result, columns joined by '|'. */
    static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** Resident set size of a process, from /proc (Linux), for the report. */
    static String rss(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
    }
}
