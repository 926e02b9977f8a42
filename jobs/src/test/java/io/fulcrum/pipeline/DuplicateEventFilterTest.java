package io.fulcrum.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link DuplicateEventFilter} in Flink's keyed operator test harness, window one hour, hand-worked cases: which
 * copies are dropped, when an id is forgotten, and that a restored operator still knows the ids it had seen.
 */
class DuplicateEventFilterTest {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long T = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();

    @Test
    void copiesWithinTheWindowAreDroppedTheFirstWinsAndOtherIdsPass() throws Exception {
        try (Filter f = new Filter(null)) {
            f.event("a", T, 1);
            f.event("b", T, 1);
            f.event("a", T, 2);                      // re-published with other content: the first copy counts
            f.event("a", T + HOUR - 1, 3);           // 59:59.999 after the first: within
            f.event("a", T - HOUR + 1, 4);           // 59:59.999 before the first: within
            f.event("c", T + 5 * MINUTE, 1);

            assertThat(f.output()).containsExactly("a@" + T + "#1", "b@" + T + "#1", "c@" + (T + 5 * MINUTE) + "#1");
            assertThat(f.dropped()).isEqualTo(3);
            assertThat(f.droppedAccumulator()).as("the accumulator a finished job reports").isEqualTo(3);
        }
    }

    @Test
    void theSameIdAWindowOrMoreApartIsKeptAndRememberedInstead() throws Exception {
        try (Filter f = new Filter(null)) {
            f.event("a", T, 1);
            f.event("a", T + HOUR, 2);               // exactly one window apart: another event under a re-used id
            f.event("a", T + HOUR + 30 * MINUTE, 3); // a copy of that one
            f.event("a", T + 3 * HOUR, 4);

            assertThat(f.output()).containsExactly("a@" + T + "#1", "a@" + (T + HOUR) + "#2",
                    "a@" + (T + 3 * HOUR) + "#4");
            assertThat(f.dropped()).isEqualTo(1);
            assertThat(f.harness.numKeyedStateEntries()).isEqualTo(1);
            assertThat(f.harness.numEventTimeTimers()).as("the replaced memory's timer is deleted").isEqualTo(1);
        }
    }

    @Test
    void anIdIsForgottenWhenTheWatermarkPassesItsTimePlusTheWindow() throws Exception {
        try (Filter f = new Filter(null)) {
            f.event("a", T, 1);
            f.event("b", T + 30 * MINUTE, 1);
            assertThat(f.harness.numKeyedStateEntries()).isEqualTo(2);

            f.harness.processWatermark(T + HOUR - 1);
            assertThat(f.harness.numKeyedStateEntries()).isEqualTo(2);
            f.harness.processWatermark(T + HOUR);
            assertThat(f.harness.numKeyedStateEntries()).as("a forgotten, b remembered").isEqualTo(1);

            // A copy of a arriving after its window: nothing remembers a, so it passes (the KPI engine then judges
            // it late or not); b's copy is still caught.
            f.event("a", T, 2);
            f.event("b", T + 30 * MINUTE, 2);
            assertThat(f.output()).containsExactly("a@" + T + "#1", "b@" + (T + 30 * MINUTE) + "#1", "a@" + T + "#2");
            assertThat(f.dropped()).isEqualTo(1);

            f.harness.processWatermark(T + 90 * MINUTE);
            assertThat(f.harness.numKeyedStateEntries()).isZero();
            assertThat(f.harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aRestoredOperatorRemembersTheIdsItHadSeenAndForgetsThemOnTime() throws Exception {
        OperatorSubtaskState snapshot;
        try (Filter f = new Filter(null)) {
            f.event("a", T, 1);
            f.event("b", T + 10 * MINUTE, 1);
            snapshot = f.harness.snapshot(1L, 1L);
        }
        try (Filter f = new Filter(snapshot)) {
            f.event("a", T + 20 * MINUTE, 2);
            f.event("c", T, 1);
            f.event("b", T + 10 * MINUTE, 2);
            assertThat(f.output()).containsExactly("c@" + T + "#1");
            assertThat(f.dropped()).isEqualTo(2);
            assertThat(f.droppedAccumulator()).as("not checkpointed: counts from the restore on").isEqualTo(2);
            assertThat(f.harness.numKeyedStateEntries()).isEqualTo(3);

            f.harness.processWatermark(T + HOUR);   // a's restored timer and c's fire; b's is at T + 70m
            assertThat(f.harness.numKeyedStateEntries()).isEqualTo(1);
            f.harness.processWatermark(T + 70 * MINUTE);
            assertThat(f.harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void keptEventsKeepTheirTimestampAndWatermarksPassThrough() throws Exception {
        try (Filter f = new Filter(null)) {
            f.event("a", T, 1);
            f.harness.processWatermark(T - MINUTE);
            assertThat(f.harness.getOutput()).hasSize(2);
            assertThat(((StreamRecord<?>) f.harness.getOutput().poll()).getTimestamp()).isEqualTo(T);
            assertThat(f.harness.getOutput().poll()).isEqualTo(new Watermark(T - MINUTE));
        }
    }

    @Test
    void aWindowUnderOneMillisecondIsRejected() {
        assertThatThrownBy(() -> new DuplicateEventFilter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deduplication window PT0S must be 1ms or longer");
        assertThatThrownBy(() -> new DuplicateEventFilter(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deduplication window PT-1M must be 1ms or longer");
        assertThatThrownBy(() -> new DuplicateEventFilter(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deduplication window PT0.000999999S must be 1ms or longer");
    }

    /** The filter (window one hour) in a keyed harness whose operator metrics and accumulators are recorded. */
    private static final class Filter implements AutoCloseable {
        final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        final MockEnvironment environment;
        final KeyedOneInputStreamOperatorTestHarness<String, OperationalEvent, OperationalEvent> harness;

        Filter(OperatorSubtaskState restored) throws Exception {
            UnregisteredMetricGroups.UnregisteredTaskMetricGroup task =
                    new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                        @Override
                        public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name,
                                Map<String, String> variables) {
                            return metrics;
                        }
                    };
            environment = new MockEnvironmentBuilder().setMetricGroup(task).build();
            harness = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new DuplicateEventFilter(Duration.ofHours(1))),
                    OperationalEvent::getEventId, Types.STRING, environment);
            if (restored != null) {
                harness.initializeState(restored);
            }
            harness.open();
        }

        /** An event with id {@code id} at {@code time}; {@code copy} tells the copies of one id apart. */
        void event(String id, long time, int copy) throws Exception {
            OperationalEvent e = OperationalEvent.newBuilder()
                    .setEventId(id)
                    .setSource("tms")
                    .setEventType("shipment_delivered")
                    .setEventTime(Instant.ofEpochMilli(time))
                    .setIngestionTime(Instant.ofEpochMilli(time))
                    .setObject(new BusinessObjectRef("route", "DE-FR"))
                    .setMeasures(Map.of("copy", (double) copy))
                    .build();
            harness.processElement(e, time);
        }

        /** Kept events as {@code id@time#copy}, in order. */
        List<String> output() {
            return harness.extractOutputValues().stream()
                    .map(e -> e.getEventId() + "@" + e.getEventTime().toEpochMilli() + "#"
                            + e.getMeasures().get("copy").intValue())
                    .toList();
        }

        long dropped() {
            return ((Counter) metrics.get(DuplicateEventFilter.DROPPED_METRIC)).getCount();
        }

        /** The task's value of the accumulator; a finished job's result sums it over the subtasks. */
        long droppedAccumulator() {
            Accumulator<?, ?> accumulator = environment.getAccumulatorRegistry().getUserMap()
                    .get(DuplicateEventFilter.DROPPED_METRIC);
            assertThat(accumulator).as("accumulator " + DuplicateEventFilter.DROPPED_METRIC).isNotNull();
            return (Long) accumulator.getLocalValue();
        }

        @Override
        public void close() throws Exception {
            harness.close();
        }
    }
}
