package io.fulcrum.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.schema.OperationalEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiEngineTest {

    @Test
    void rejectsRepeatedKpiIds() {
        KpiDefinition k = TestEvents.definitions().get(0);

        assertThatThrownBy(() -> KpiEngine.of(List.of(k, k)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KPI ids must be unique, got [deliveries, deliveries]");
    }

    @Test
    void rejectsNoDefinitions() {
        assertThatThrownBy(() -> KpiEngine.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the KPI engine needs 1 to 65535 KPI definitions, got 0");
    }

    @Test
    void watermarksTakeEventTimeFromTheEvent() {
        OperationalEvent e = TestEvents.generate(1, 1, 1, 0, 0).get(0);

        long t = KpiEngine.watermarks(Duration.ofMinutes(5), Duration.ofMinutes(1))
                .createTimestampAssigner(null).extractTimestamp(e, 42L);

        assertThat(t).isEqualTo(e.getEventTime().toEpochMilli());
    }
}
