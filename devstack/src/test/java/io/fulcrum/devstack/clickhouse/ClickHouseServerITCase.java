package io.fulcrum.devstack.clickhouse;

import static io.fulcrum.devstack.clickhouse.ClickHouseEndpointITCase.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints of their own (not the run's shared one): restarts, kill -9, the one-process-per-directory rule and a
 * small heap.
 */
class ClickHouseServerITCase {

    @Test
    void dataSurvivesAStopAndAKill(@TempDir Path data) throws Exception {
        ClickHouseServer first = timedStart(data, "first start");
        try (Connection c = DriverManager.getConnection(first.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id UInt32) ENGINE = MergeTree ORDER BY id");
            s.execute("INSERT INTO kept SELECT number FROM numbers(1000)");
        } finally {
            first.stop();
        }
        assertThat(first.isAlive()).isFalse();

        ClickHouseServer second = timedStart(data, "restart after stop");
        try (Connection c = DriverManager.getConnection(second.jdbcUrl()); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT count(), sum(id) FROM kept")).containsExactly("1000|499500");
            s.execute("INSERT INTO kept SELECT number + 1000 FROM numbers(500)");
            System.out.printf("ClickHouse endpoint: idle RSS %s%n", ClickHouseEndpointITCase.rss(second.pid()));
        } finally {
            second.kill();
        }
        assertThat(second.isAlive()).isFalse();

        ClickHouseServer third = timedStart(data, "restart after kill -9");
        try (Connection c = DriverManager.getConnection(third.jdbcUrl()); Statement s = c.createStatement()) {
            // 0 + 1 + ... + 1499
            assertThat(rows(s, "SELECT count(), sum(id) FROM kept")).containsExactly("1500|1124250");
        } finally {
            third.stop();
        }
    }

    @Test
    void aSecondEndpointOnTheSameDirectoryOrPortFailsNamingIt(@TempDir Path data) throws Exception {
        ClickHouseServer owner = ClickHouseServer.builder().dataDirectory(data).start();
        try {
            assertThatThrownBy(() -> ClickHouseServer.builder().dataDirectory(data)
                    .logFile(data.resolve("second.log")).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another ClickHouse endpoint is using the data directory " + data);
            assertThatThrownBy(() -> ClickHouseServer.builder().dataDirectory(data.resolve("other"))
                    .port(owner.port()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot start the ClickHouse endpoint on 127.0.0.1:" + owner.port()
                            + ": something already listens there; stop it or use port(0) for a free port");
            try (Connection c = DriverManager.getConnection(owner.jdbcUrl()); Statement s = c.createStatement()) {
                assertThat(rows(s, "SELECT 1")).containsExactly("1");
            }
        } finally {
            owner.stop();
        }
    }

    @Test
    void aResultLargerThanTheHeapIsAnErrorAndTheEndpointLivesOn(@TempDir Path data) throws Exception {
        ClickHouseServer small = ClickHouseServer.builder().dataDirectory(data).maxHeap("64m").start();
        try (Connection c = DriverManager.getConnection(small.jdbcUrl() + "?compress=false");
                Statement s = c.createStatement()) {
            // 20M UInt64 = 160 MB of RowBinary, more than 64 MB of heap can buffer
            assertThatThrownBy(() -> rows(s, "SELECT number FROM numbers(20000000)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not fit the endpoint's Java heap")
                    .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(241);
            assertThat(rows(s, "SELECT count() FROM numbers(20000000)")).containsExactly("20000000");
        } finally {
            small.stop();
        }
    }

    private static ClickHouseServer timedStart(Path data, String what) throws Exception {
        long start = System.nanoTime();
        ClickHouseServer server = ClickHouseServer.builder().dataDirectory(data).start();
        System.out.printf("ClickHouse endpoint: %s ready in %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
        return server;
    }

}
