package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClickHouseSinkOptionsTest {

    @Test
    void backoffDoublesFromInitialAndStopsAtMax() {
        ClickHouseSinkOptions options = ClickHouseSinkOptions.builder().initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(5)).build();
        assertThat(options.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(options.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(options.backoff(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(options.backoff(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.backoff(1_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void defaults() {
        ClickHouseSinkOptions options = ClickHouseSinkOptions.defaults();
        assertThat(options.maxBatchRows()).isEqualTo(50_000);
        assertThat(options.maxBatchBytes()).isEqualTo(16L << 20);
        assertThat(options.maxBatchDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.retryTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void invalidValuesNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> ClickHouseSinkOptions.builder().maxBatchRows(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchRows 0 is below 1; give the rows per insert");
        assertThatThrownBy(() -> ClickHouseSinkOptions.builder().maxBatchBytes((1L << 30) + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchBytes 1073741825 is outside "
                        + "1..1073741824; a batch is held in memory as one array, so give at most 1 GiB per insert");
        assertThatThrownBy(() -> ClickHouseSinkOptions.builder().maxBatchDelay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchDelay PT0S is not positive; give at least 1 ms");
        assertThatThrownBy(() -> ClickHouseSinkOptions.builder().initialBackoff(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialBackoff PT10S exceeds maxBackoff PT5S; raise maxBackoff or lower initialBackoff");
    }
}
