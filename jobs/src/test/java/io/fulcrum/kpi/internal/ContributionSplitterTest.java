package io.fulcrum.kpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.OperationalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the splitter empties its combiner. The events are orders naming supplier S1, which only the {@code events}
 * KPI of {@code kpis/engine-test.yaml} (index 9, a count over every event type) reads: each event contributes
 * {@code [9: 0.0, 0.0]} to S1, and events in the same hour fold into one contribution with their event count.
 * (What the splitter computes is checked against brute force in the harness test.)
 */
class ContributionSplitterTest {

    private static final long HOUR = 3_600_000L;

    private OneInputStreamOperatorTestHarness<OperationalEvent, Contribution> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new ContributionSplitter(EngineTestDefinitions.load(),
                new OutputTag<>("late", new AvroTypeInfo<>(DeadLetter.class))));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void foldsEventsToOneObjectAndPassesThemOnBeforeTheWatermark() throws Exception {
        harness.processElement(order(HOUR + 10), HOUR + 10);
        harness.processElement(order(HOUR + 20), HOUR + 20);
        assertThat(harness.getOutput()).as("held until the watermark").isEmpty();

        harness.processWatermark(2 * HOUR - 1);

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(2);
        assertThat(((StreamRecord<?>) out.get(0)).getValue())
                .hasToString("Contribution{supplier/S1 @3600010 [9: 0.0, 0.0 x2]}");
        assertThat(((StreamRecord<?>) out.get(0)).getTimestamp()).isEqualTo(HOUR + 10);
        assertThat(out.get(1)).as("the watermark after the contribution").isEqualTo(new Watermark(2 * HOUR - 1));
    }

    @Test
    void emptiesBeforeACheckpointBarrierWhenTheInputTurnsIdleAndAtTheEnd() throws Exception {
        harness.processElement(order(HOUR), HOUR);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(strings()).containsExactly("Contribution{supplier/S1 @3600000 [9: 0.0, 0.0]}");

        harness.processElement(order(HOUR + 1), HOUR + 1);
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(3);
        assertThat(((StreamRecord<?>) out.get(1)).getValue())
                .hasToString("Contribution{supplier/S1 @3600001 [9: 0.0, 0.0]}");
        assertThat(out.get(2)).isEqualTo(WatermarkStatus.IDLE);

        harness.processElement(order(HOUR + 2), HOUR + 2);
        harness.getOneInputOperator().finish();
        assertThat(strings()).containsExactly("Contribution{supplier/S1 @3600000 [9: 0.0, 0.0]}",
                "Contribution{supplier/S1 @3600001 [9: 0.0, 0.0]}",
                "Contribution{supplier/S1 @3600002 [9: 0.0, 0.0]}");
    }

    /** The harness copies records (object reuse is off), so they are compared by their full text. */
    private List<String> strings() {
        return harness.extractOutputValues().stream().map(Contribution::toString).toList();
    }

    private static OperationalEvent order(long time) {
        return OperationalEvent.newBuilder()
                .setEventId("order-" + time)
                .setSource("test")
                .setEventType("order_created")
                .setEventTime(Instant.ofEpochMilli(time))
                .setIngestionTime(Instant.ofEpochMilli(time))
                .setObject(new BusinessObjectRef("sku", "SKU-1"))
                .setRelatedObjects(List.of(new BusinessObjectRef("supplier", "S1")))
                .setMeasures(Map.of("qty_ordered", 4.0))
                .setAttributes(Map.of())
                .build();
    }
}
