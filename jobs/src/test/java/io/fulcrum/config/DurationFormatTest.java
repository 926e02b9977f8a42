package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationFormatTest {

    @Test
    void everyUnitAndIso8601() {
        assertThat(DurationFormat.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationFormat.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationFormat.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationFormat.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationFormat.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationFormat.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationFormat.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void anythingElseNamesTheValueAndTheFix() {
        assertThatThrownBy(() -> DurationFormat.parse("1y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1y' is not a duration: write a whole number and a unit ms, s, m, h, d or w, e.g. 1h "
                        + "or 30m");
        assertThatThrownBy(() -> DurationFormat.parse("P1X")).hasMessageStartingWith("'P1X' is not a duration");
    }
}
