package io.fulcrum.dashboards.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void numbersKeepAtMostFourDecimalsWithoutTrailingZeros() {
        assertThat(Formats.number(0.75)).isEqualTo("0.75");
        assertThat(Formats.number(1200.0)).isEqualTo("1200");
        assertThat(Formats.number(0.142857)).isEqualTo("0.1429");
        assertThat(Formats.number(-0.00001)).isEqualTo("0");
        assertThat(Formats.number(1e7)).isEqualTo("10000000");
        assertThat(Formats.number(Optional.empty())).isEqualTo("\u2013");
    }

    @Test
    void effectsCarryTheirSignAndRelativeEffectsArePercentages() {
        assertThat(Formats.signed(0.1)).isEqualTo("+0.1");
        assertThat(Formats.signed(-0.05)).isEqualTo("-0.05");
        assertThat(Formats.signed(0.00001)).isEqualTo("0");
        assertThat(Formats.percent(Optional.of(0.142857))).isEqualTo("+14.3%");
        assertThat(Formats.percent(Optional.of(-0.0666))).isEqualTo("-6.7%");
        assertThat(Formats.percent(Optional.empty())).isEqualTo("\u2013");
    }

    @Test
    void timesAreUtcToTheMinuteAndDurationsShort() {
        assertThat(Formats.time(Instant.parse("2026-03-02T05:07:59Z"))).isEqualTo("2026-03-02 05:07");
        assertThat(Formats.duration(Optional.of(Duration.ofDays(1)))).isEqualTo("1d");
        assertThat(Formats.duration(Optional.of(Duration.ofHours(30).plusMinutes(15)))).isEqualTo("1d 6h 15m");
        assertThat(Formats.duration(Optional.of(Duration.ZERO))).isEqualTo("0m");
        assertThat(Formats.duration(Optional.empty())).isEqualTo("\u2013");
    }
}
