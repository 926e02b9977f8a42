package io.fulcrum.kpi;

import io.fulcrum.kpi.internal.Contribution;
import io.fulcrum.kpi.internal.ContributionSplitter;
import io.fulcrum.kpi.internal.KpiPlan;
import io.fulcrum.kpi.internal.KpiWindowFunction;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.OperationalEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Computes declarative KPIs continuously per business object: all definitions in one pass per event, keyed by
 * (object type, object id), in event time.
 *
 * <pre>{@code
 * List<KpiDefinition> kpis = KpiDefinitionLoader.withCatalog(catalog).load(Path.of("config/kpis"));
 * DataStream<OperationalEvent> events = env.fromSource(source, KpiEngine.watermarks(
 *         Duration.ofMinutes(5), Duration.ofMinutes(1)), "events");
 * KpiEngine.Result kpi = KpiEngine.of(kpis).compute(events);
 * kpi.values();      // KpiValue per KPI, object and window; revisions for late corrections
 * kpi.lateEvents();  // DeadLetter for events later than a KPI's allowed lateness
 * }</pre>
 *
 * Operators get stable uids ({@code kpi-split}, {@code kpi-windows}) so savepoints survive job changes that keep the
 * KPI definitions. Changing the definitions (their order, windows or aggregations) needs a fresh start.
 */
public final class KpiEngine {

    /**
     * The uid of the operator that evaluates definitions per event and folds contributions to the same object before
     * the keyBy (it has no state). Versions before 2026-11-27 had a separate, equally stateless {@code kpi-combine}
     * operator; Flink skips a savepoint's operators that hold no state, so their savepoints restore without it
     * (checked by hand on the cluster, see jobs/README.md).
     */
    public static final String SPLIT_UID = "kpi-split";
    /** The uid of the keyed operator that holds the windows. */
    public static final String WINDOWS_UID = "kpi-windows";

    private final List<KpiDefinition> definitions;
    private final OutputTag<DeadLetter> lateTag = new OutputTag<>("kpi-late-events",
            new AvroTypeInfo<>(DeadLetter.class));

    private KpiEngine(List<KpiDefinition> definitions) {
        this.definitions = definitions;
    }

    /** @throws IllegalArgumentException when {@code definitions} is empty, too large, or repeats an id */
    public static KpiEngine of(List<KpiDefinition> definitions) {
        Objects.requireNonNull(definitions, "definitions can't be null");
        if (definitions.stream().map(KpiDefinition::id).distinct().count() != definitions.size()) {
            throw new IllegalArgumentException("KPI ids must be unique, got "
                    + definitions.stream().map(KpiDefinition::id).toList());
        }
        List<KpiDefinition> copy = List.copyOf(definitions);
        new KpiPlan(copy); // fails now, not on the cluster, when the definitions cannot be planned
        return new KpiEngine(copy);
    }

    /**
     * Event time from {@code eventTime}, watermarks {@code outOfOrderness} behind the highest time seen, and idle
     * sources (e.g. quiet Kafka partitions) excluded from the watermark after {@code idleness} so they cannot stall it.
     */
    public static WatermarkStrategy<OperationalEvent> watermarks(Duration outOfOrderness, Duration idleness) {
        return watermarks(outOfOrderness).withIdleness(idleness);
    }

    /**
     * Event time from {@code eventTime} and watermarks {@code outOfOrderness} behind the highest time seen, with no
     * idleness: for bounded sources, whose finished inputs stop holding the watermark back by themselves.
     */
    public static WatermarkStrategy<OperationalEvent> watermarks(Duration outOfOrderness) {
        return WatermarkStrategy.<OperationalEvent>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((e, previous) -> e.getEventTime().toEpochMilli());
    }

    public List<KpiDefinition> definitions() {
        return definitions;
    }

    /** Adds the KPI operators to {@code events}' job; {@code events} must carry timestamps and watermarks. */
    public Result compute(DataStream<OperationalEvent> events) {
        SingleOutputStreamOperator<Contribution> contributions = events
                .transform("KPI split", Contribution.typeInfo(), new ContributionSplitter(definitions, lateTag))
                .uid(SPLIT_UID);
        DataStream<KpiValue> values = contributions
                .keyBy(c -> c.key, org.apache.flink.api.common.typeinfo.Types.STRING)
                .process(new KpiWindowFunction(definitions), new AvroTypeInfo<>(KpiValue.class))
                .name("KPI windows").uid(WINDOWS_UID);
        return new Result(values, contributions.getSideOutput(lateTag));
    }

    /** The engine's two outputs. */
    public static final class Result {
        private final DataStream<KpiValue> values;
        private final DataStream<DeadLetter> lateEvents;

        Result(DataStream<KpiValue> values, DataStream<DeadLetter> lateEvents) {
            this.values = values;
            this.lateEvents = lateEvents;
        }

        /** A value per KPI, object and window when the watermark passes its end; later revisions correct it. */
        public DataStream<KpiValue> values() {
            return values;
        }

        /**
         * Events later than the allowed lateness of at least one KPI they match, as dead letters: header
         * {@code fulcrum.reason = late}, reason message starting with {@code late:}, value = the event in Avro binary.
         */
        public DataStream<DeadLetter> lateEvents() {
            return lateEvents;
        }
    }
}
