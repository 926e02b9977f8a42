package io.fulcrum.pipeline;

import io.fulcrum.schema.OperationalEvent;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops operational events published more than once: the same event re-sent by a source system after an outage or
 * by a producer retry, under a second Kafka offset, with the same event id. Keyed by
 * {@link OperationalEvent#getEventId()}.
 *
 * <p>The rule, with {@code window} the configured {@code job.deduplicationWindow} and event times in milliseconds:
 * <ul>
 *   <li>Per event id the operator remembers the event time {@code t0} of the last event it kept, from the moment it
 *       keeps it until its own watermark reaches {@code t0 + window} (an event-time timer clears the memory, so
 *       state holds only the ids of the last {@code window} of event time plus the watermark's delay).</li>
 *   <li>An event whose id is remembered and whose event time {@code t} lies within the window of it,
 *       {@code |t - t0| < window}, is a duplicate: it is dropped and counted in {@value #DROPPED_METRIC}. The first
 *       copy to arrive wins, whatever a later copy carries (copies in one Kafka partition arrive in offset order).</li>
 *   <li>Any other event is kept: an id not seen before, an id whose memory was cleared, or an id re-used for an
 *       event {@code window} or more apart in event time (then {@code t} replaces {@code t0}, and the timer moves
 *       to {@code t + window}).</li>
 * </ul>
 *
 * <p>A copy that arrives after the watermark has passed {@code t0 + window} finds no memory and is kept. It is then
 * as late as any event of time {@code t0} at that watermark: with a window at least as long as every KPI's window
 * plus its {@code allowedLateness}, the KPI windows that counted the first copy have closed, so the copy goes to the
 * dead letters as LATE instead of being counted a second time. (Strictly, the KPI engine's watermark may trail this
 * operator's by the watermarks in flight between them; a copy caught in that gap can still be counted.)
 *
 * <p>The same count is also kept in a Flink accumulator of the same name, {@value #DROPPED_METRIC}: summed over
 * the subtasks, it is in the {@code JobExecutionResult} of a job that ends (a bounded run, e.g. the demo), read
 * with {@code getAccumulatorResult(DuplicateEventFilter.DROPPED_METRIC)}; the result is absent when deduplication is
 * off. (The metric is what a running job reports; the accumulator is what a finished job can tell its caller.) Like
 * the metric it is not checkpointed: after a restart it counts from the restored checkpoint on.
 *
 * <p>Ids are only as stable as the source makes them: a source without {@code eventId.fields} gives every record the
 * id {@code <topic>/<partition>/<offset>}, so a re-published record gets a new id and is never recognised here.
 */
public final class DuplicateEventFilter extends KeyedProcessFunction<String, OperationalEvent, OperationalEvent> {

    private static final long serialVersionUID = 1L;

    /** The operator's uid: stable, savepoints find the state by it. */
    public static final String UID = "event-deduplication";

    /** The state's name: stable, savepoints find the state by it. */
    public static final String STATE_NAME = "event-id-first-seen";

    /** The counter of dropped duplicates, in the operator's metric group, and the accumulator of the same name. */
    public static final String DROPPED_METRIC = "numDuplicateEventsDropped";

    // ---- configuration ----
    private final long windowMillis;

    // ---- per task, not checkpointed ----
    private transient Counter dropped;
    private transient LongCounter droppedTotal;

    // ---- checkpointed: the event time of the last kept event per id (timers are checkpointed by Flink) ----
    private transient ValueState<Long> keptAt;

    /**
     * @param window how long, in event time, an id is remembered
     * @throws IllegalArgumentException if {@code window} is shorter than 1 ms, the resolution of event times
     */
    public DuplicateEventFilter(Duration window) {
        Objects.requireNonNull(window, "window can't be null");
        if (window.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("deduplication window " + window + " must be 1ms or longer");
        }
        this.windowMillis = window.toMillis();
    }

    /**
     * {@code events} keyed by event id through this filter, as operator {@value #UID}; the result carries the same
     * timestamps and watermarks.
     */
    public static DataStream<OperationalEvent> apply(DataStream<OperationalEvent> events, Duration window) {
        return events
                .keyBy(OperationalEvent::getEventId, Types.STRING)
                .process(new DuplicateEventFilter(window), new AvroTypeInfo<>(OperationalEvent.class))
                .name("event deduplication").uid(UID);
    }

    @Override
    public void open(OpenContext openContext) {
        keptAt = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, Types.LONG));
        dropped = getRuntimeContext().getMetricGroup().counter(DROPPED_METRIC);
        droppedTotal = getRuntimeContext().getLongCounter(DROPPED_METRIC);
    }

    @Override
    public void processElement(OperationalEvent event, Context ctx, Collector<OperationalEvent> out)
            throws Exception {
        long t = event.getEventTime().toEpochMilli();
        Long t0 = keptAt.value();
        if (t0 != null) {
            if (Math.abs(t - t0) < windowMillis) {
                dropped.inc();
                droppedTotal.add(1L);
                return;
            }
            // The id is re-used for another event: remember that one instead, with one timer per id.
            ctx.timerService().deleteEventTimeTimer(forgetAt(t0));
        }
        keptAt.update(t);
        ctx.timerService().registerEventTimeTimer(forgetAt(t));
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OperationalEvent> out) {
        keptAt.clear();
    }

    /** {@code t + window}, saturating: an event time near the end of time must not wrap into the past. */
    private long forgetAt(long t) {
        return t > Long.MAX_VALUE - windowMillis ? Long.MAX_VALUE : t + windowMillis;
    }
}
