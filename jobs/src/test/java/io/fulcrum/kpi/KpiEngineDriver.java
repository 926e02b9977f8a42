package io.fulcrum.kpi;

import io.fulcrum.kpi.internal.Contribution;
import io.fulcrum.kpi.internal.ContributionSplitter;
import io.fulcrum.kpi.internal.KpiWindowFunction;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The engine's two operators chained through Flink's operator test harnesses: events go through the splitter (and
 * its combiner), its contributions into the keyed window function, watermarks into both in that order, as in the
 * job. Outputs are collected with the number of events that had arrived when they were emitted.
 */
final class KpiEngineDriver implements AutoCloseable {

    /** A value and how many events had arrived before it was emitted. */
    static final class Emitted {
        final KpiValue value;
        final int arrivedBefore;

        Emitted(KpiValue value, int arrivedBefore) {
            this.value = value;
            this.arrivedBefore = arrivedBefore;
        }
    }

    private final List<KpiDefinition> definitions;
    private final OutputTag<DeadLetter> lateTag = new OutputTag<>("late", new AvroTypeInfo<>(DeadLetter.class));
    private final OneInputStreamOperatorTestHarness<OperationalEvent, Contribution> split;
    private KeyedOneInputStreamOperatorTestHarness<String, Contribution, KpiValue> windows;
    private final List<Emitted> values = new ArrayList<>();
    private final List<DeadLetter> late = new ArrayList<>();
    private final List<TestEvents.Arrival> arrivals = new ArrayList<>();
    private long watermark = Long.MIN_VALUE;

    KpiEngineDriver(List<KpiDefinition> definitions) throws Exception {
        this(definitions, null);
    }

    private KpiEngineDriver(List<KpiDefinition> definitions, OperatorSubtaskState restored) throws Exception {
        this.definitions = definitions;
        this.split = new OneInputStreamOperatorTestHarness<>(new ContributionSplitter(definitions, lateTag));
        split.open();
        this.windows = windowsHarness(restored);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Contribution, KpiValue> windowsHarness(
            OperatorSubtaskState restored) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Contribution, KpiValue> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
                                new KpiWindowFunction(definitions)),
                        c -> c.key, Types.STRING);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    void event(OperationalEvent e) throws Exception {
        arrivals.add(new TestEvents.Arrival(e, watermark));
        split.processElement(e, e.getEventTime().toEpochMilli());
        forwardContributions();
        drain();
    }

    void watermark(long w) throws Exception {
        watermark = w;
        split.processWatermark(w);
        forwardContributions();
        windows.processWatermark(w);
        drain();
    }

    /** Splitter output into the window operator (records only). */
    private void forwardContributions() throws Exception {
        Object o;
        while ((o = split.getOutput().poll()) != null) {
            if (o instanceof StreamRecord) {
                @SuppressWarnings("unchecked")
                StreamRecord<Contribution> r = (StreamRecord<Contribution>) o;
                windows.processElement(r.getValue(), r.getTimestamp());
            }
        }
    }

    /** Snapshots the window operator's state and timers, closes it, and continues in a new one restored from it. */
    void restartFromSnapshot(long checkpointId) throws Exception {
        split.prepareSnapshotPreBarrier(checkpointId);   // the splitter empties its combiner before every barrier
        forwardContributions();
        OperatorSubtaskState state = windows.snapshot(checkpointId, checkpointId);
        drain();
        windows.close();
        windows = windowsHarness(state);
    }

    private void drain() {
        Object o;
        while ((o = windows.getOutput().poll()) != null) {
            if (o instanceof StreamRecord) {
                values.add(new Emitted((KpiValue) ((StreamRecord<?>) o).getValue(), arrivals.size()));
            }
        }
        if (split.getSideOutput(lateTag) != null) {
            StreamRecord<DeadLetter> r;
            while ((r = split.getSideOutput(lateTag).poll()) != null) {
                late.add(r.getValue());
            }
        }
    }

    List<Emitted> values() {
        return values;
    }

    List<DeadLetter> late() {
        return late;
    }

    List<TestEvents.Arrival> arrivals() {
        return arrivals;
    }

    /** Bytes of the window operator's keyed state in a snapshot taken now (what a checkpoint would write). */
    long snapshotStateBytes() throws Exception {
        split.prepareSnapshotPreBarrier(Long.MAX_VALUE - 1);
        forwardContributions();
        OperatorSubtaskState state = windows.snapshot(Long.MAX_VALUE - 1, 0);
        return state.getManagedKeyedState().getStateSize();
    }

    /** The number of keys holding state in the window operator now. */
    int keysWithState() {
        return windows.numKeyedStateEntries();
    }

    @Override
    public void close() throws Exception {
        split.close();
        windows.close();
    }
}
