package io.fulcrum.devstack.clickhouse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClickHouseServerBuilderTest {

    @Test
    void startWithoutADataDirectoryNamesTheMissingSetting() {
        assertThatThrownBy(() -> ClickHouseServer.builder().port(8123).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ClickHouseServer: dataDirectory is required, e.g. "
                        + "builder().dataDirectory(Path.of(\"target/clickhouse\"))");
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> ClickHouseServer.builder().port(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be in 0..65535 (0 = a free port), got 65536");
    }

    @Test
    void rejectsNonsenseForHeapConnectionsAndTimeout() {
        assertThatThrownBy(() -> ClickHouseServer.builder().maxHeap("lots"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxHeap must look like 512m or 2g, got lots");
        assertThatThrownBy(() -> ClickHouseServer.builder().connections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connections must be in 1..64, got 0");
        assertThatThrownBy(() -> ClickHouseServer.builder().startupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startupTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> ClickHouseServer.builder().host(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must not be blank; use 127.0.0.1 for loopback only");
    }
}
