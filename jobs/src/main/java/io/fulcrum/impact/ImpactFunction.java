package io.fulcrum.impact;

import io.fulcrum.kpi.Direction;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ExpectedDirection;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactScope;
import io.fulcrum.schema.ImpactVerdict;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiTarget;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.ObjectSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The streaming impact engine for one KPI (the key): keeps the KPI's values per object and window and the
 * initiatives that target the KPI, and re-estimates every initiative with {@link ImpactAnalysis} (the code the batch
 * command runs) when the watermark passes the end of a window whose value arrived or changed.
 *
 * <p>Inputs: {@link KpiValue}s keyed by KPI id; initiatives routed per target KPI by {@link InitiativeRouting} and
 * the attributes of the KPI's objects routed by {@link ObjectAttributeRouting}, on one input as an {@link Either}.
 * Output: one {@link ImpactEstimate} per initiative, scope (each treated object, and the treated group when there are
 * several), and method, with a revision that grows with every re-estimate.
 *
 * <ul>
 *   <li>Revisions of a KPI value replace older ones; a lower revision arriving late is ignored.
 *   <li>An initiative update (later {@code updatedAt}) replaces the previous version; an older one is ignored.
 *       Estimates for objects no longer treated get a final revision with {@code withdrawn = true}.
 *   <li>A cancelled initiative: every estimate it had gets a final revision with {@code withdrawn = true}, and its
 *       state is dropped.
 *   <li>Treated objects: the scope's explicit objects plus every seen object of a selector's type whose current
 *       attributes ({@link ObjectAttributes}, the second input's right side) hold every value the selector's
 *       attribute conditions ask for. An object whose attributes change in or out of a selector is re-estimated
 *       in or withdrawn at the next watermark.
 *   <li>Control pool: the initiative's explicit control objects; otherwise every seen object of a treated object's
 *       type that is neither treated nor treated by another (not cancelled) initiative on this KPI overlapping in
 *       time.
 * </ul>
 *
 * <p>State per KPI, bounded: the values of the last {@code retainedWindows} distinct windows for every object
 * (older windows are evicted at each re-estimate), the current version of each initiative targeting the KPI, and the
 * last estimate per initiative, scope and method (for revisions and withdrawal). Estimation is limited to the
 * retained windows, so the pre-period is at most {@code retainedWindows} minus the post-period.
 */
public final class ImpactFunction
        extends KeyedCoProcessFunction<String, KpiValue, Tuple2<String, Either<Initiative, ObjectAttributes>>,
        ImpactEstimate> {

    private static final long serialVersionUID = 1L;
    private static final String SEPARATOR = "\u0000";

    // ---- configuration ----
    private final ImpactOptions options;
    private final int retainedWindows;

    // ---- non-checkpointed ----
    private transient ImpactAnalysis analysis;
    private transient Counter staleRevisions;

    // ---- checkpointed, per KPI ----
    /** (object key, window start) -> (value, revision). */
    private transient MapState<Tuple2<String, Long>, Tuple2<Double, Integer>> values;
    /** initiative id -> current version. */
    private transient MapState<String, Initiative> initiatives;
    /** initiative id, scope, object and method -> the last estimate emitted. */
    private transient MapState<String, ImpactEstimate> lastEstimates;
    /** object key -> its current attributes, for selectors with attribute conditions. */
    private transient MapState<String, Map<String, String>> objectAttributes;
    /** Whether something changed since the last estimation. */
    private transient ValueState<Boolean> changed;

    /**
     * @param options estimator options, shared with the batch command
     * @param retainedWindows windows kept per object (e.g. 730 for two years of daily windows)
     */
    public ImpactFunction(ImpactOptions options, int retainedWindows) {
        if (retainedWindows < options.minPrePeriods() + options.minPostPeriods()) {
            throw new IllegalArgumentException("retainedWindows is " + retainedWindows + "; keep at least minPrePeriods"
                    + " + minPostPeriods = " + (options.minPrePeriods() + options.minPostPeriods()) + " windows");
        }
        this.options = options;
        this.retainedWindows = retainedWindows;
    }

    @Override
    public void open(OpenContext openContext) {
        analysis = ImpactAnalysis.with(options);
        staleRevisions = getRuntimeContext().getMetricGroup().counter("impactStaleKpiRevisions");
        values = getRuntimeContext().getMapState(new MapStateDescriptor<>("impact-kpi-values",
                Types.TUPLE(Types.STRING, Types.LONG), Types.TUPLE(Types.DOUBLE, Types.INT)));
        initiatives = getRuntimeContext().getMapState(new MapStateDescriptor<>("impact-initiatives",
                Types.STRING, new AvroTypeInfo<>(Initiative.class)));
        lastEstimates = getRuntimeContext().getMapState(new MapStateDescriptor<>("impact-last-estimates",
                Types.STRING, new AvroTypeInfo<>(ImpactEstimate.class)));
        objectAttributes = getRuntimeContext().getMapState(new MapStateDescriptor<>("impact-object-attributes",
                Types.STRING, Types.MAP(Types.STRING, Types.STRING)));
        changed = getRuntimeContext().getState(new ValueStateDescriptor<>("impact-changed", Types.BOOLEAN));
    }

    @Override
    public void processElement1(KpiValue value, Context ctx, Collector<ImpactEstimate> out) throws Exception {
        Tuple2<String, Long> cell = Tuple2.of(objectKey(value.getObject()), value.getWindowStart().toEpochMilli());
        Tuple2<Double, Integer> previous = values.get(cell);
        if (previous != null && previous.f1 > value.getRevision()) {
            staleRevisions.inc();
            return;
        }
        values.put(cell, Tuple2.of(value.getValue(), value.getRevision()));
        changed.update(true);
        ctx.timerService().registerEventTimeTimer(value.getWindowEnd().toEpochMilli());
    }

    @Override
    public void processElement2(Tuple2<String, Either<Initiative, ObjectAttributes>> routed, Context ctx,
            Collector<ImpactEstimate> out) throws Exception {
        if (routed.f1.isRight()) {
            attributesChanged(routed.f1.right(), ctx);
            return;
        }
        Initiative initiative = routed.f1.left();
        String id = initiative.getInitiativeId();
        Initiative current = initiatives.get(id);
        if (current != null && current.getUpdatedAt().isAfter(initiative.getUpdatedAt())) {
            return; // an older version arriving late on the compacted topic
        }
        if (initiative.getStatus() == InitiativeStatus.CANCELLED) {
            withdraw(id, Set.of(), ctx, out);
            initiatives.remove(id);
        } else {
            initiatives.put(id, initiative);
        }
        // Re-estimate all: the change may also move objects in or out of other initiatives' control pools.
        changed.update(true);
        // Estimate at the next watermark, when the values up to it are in.
        ctx.timerService().registerEventTimeTimer(Math.max(ctx.timerService().currentWatermark(), Long.MIN_VALUE + 1));
    }

    private void attributesChanged(ObjectAttributes attributes, Context ctx) throws Exception {
        objectAttributes.put(attributes.objectKey(), attributes.attributes);
        // Only a selector with attribute conditions on the object's type can change its verdict on the object.
        for (Initiative initiative : initiatives.values()) {
            for (ObjectSelector selector : initiative.getScope().getSelectors()) {
                if (!selector.getAttributeEquals().isEmpty()
                        && selector.getObjectType().equals(attributes.objectType)) {
                    changed.update(true);
                    ctx.timerService().registerEventTimeTimer(
                            Math.max(ctx.timerService().currentWatermark(), Long.MIN_VALUE + 1));
                    return;
                }
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ImpactEstimate> out) throws Exception {
        if (!Boolean.TRUE.equals(changed.value())) {
            return;
        }
        changed.clear();
        evictOldWindows();
        List<Initiative> all = new ArrayList<>();
        initiatives.values().forEach(all::add);
        Set<String> seen = new TreeSet<>();
        for (Tuple2<String, Long> cell : values.keys()) {
            seen.add(cell.f0);
        }
        for (Initiative initiative : all) {
            estimate(initiative, all, seen, ctx, out);
        }
    }

    private void estimate(Initiative initiative, List<Initiative> all, Set<String> seen, Context ctx,
            Collector<ImpactEstimate> out) throws Exception {
        String kpiId = ctx.getCurrentKey();
        List<String> treated = new ArrayList<>(treatedObjects(initiative, seen));
        Set<String> produced = new HashSet<>();
        if (!treated.isEmpty()) {
            List<String> controls = controlPool(initiative, treated, seen, all, kpiId);
            Set<String> relevant = new HashSet<>(treated);
            relevant.addAll(controls);
            Panel.Builder builder = Panel.builder();
            boolean any = false;
            for (Map.Entry<Tuple2<String, Long>, Tuple2<Double, Integer>> e : values.entries()) {
                if (relevant.contains(e.getKey().f0)) {
                    builder.put(e.getKey().f0, e.getKey().f1, e.getValue().f0);
                    any = true;
                }
            }
            if (any) {
                Panel panel = builder.build();
                long start = initiative.getStartTime().toEpochMilli();
                ImpactDesign group = ImpactDesign.builder().treated(treated).start(start)
                        .rampUpPeriods(rampUpPeriods(panel, start, initiative.getRampUpMillis())).build();
                if (treated.size() > 1) {
                    emit(initiative, kpiId, ImpactScope.TREATED_GROUP, null, analysis.analyse(panel, group), produced,
                            ctx, out);
                }
                for (String object : treated) {
                    emit(initiative, kpiId, ImpactScope.OBJECT, object,
                            analysis.analyse(panel, group.forTreatedObject(object)), produced, ctx, out);
                }
            }
        }
        withdraw(initiative.getInitiativeId(), produced, ctx, out);
    }

    private void emit(Initiative initiative, String kpiId, ImpactScope scope, String object, ImpactReport report,
            Set<String> produced, Context ctx, Collector<ImpactEstimate> out) throws Exception {
        Direction direction = direction(initiative, kpiId, report.treatedPreMean());
        Instant shift = report.changePoint().filter(ChangePoint::detected)
                .map(cp -> Instant.ofEpochMilli(cp.period())).orElse(null);
        for (Estimate e : report.estimates()) {
            String key = String.join(SEPARATOR, initiative.getInitiativeId(), scope.name(),
                    object == null ? "" : object, e.method().name());
            ImpactEstimate last = lastEstimates.get(key);
            double preMean = report.treatedPreMean();
            ImpactEstimate estimate = ImpactEstimate.newBuilder()
                    .setInitiativeId(initiative.getInitiativeId())
                    .setKpiId(kpiId)
                    .setScope(scope)
                    .setObject(object == null ? null : objectRef(object))
                    .setMethod(method(e.method()))
                    .setPreMean(preMean)
                    .setPostMean(report.treatedPostMean())
                    .setAbsoluteEffect(e.effect())
                    .setRelativeEffect(preMean == 0 || !e.isSufficient() ? null : e.effect() / preMean)
                    .setIntervalLower(e.lower())
                    .setIntervalUpper(e.upper())
                    .setIntervalLevel(e.level())
                    .setPValue(e.isSufficient() ? e.pValue() : null)
                    .setCumulativeEffect(e.cumulativeEffect())
                    .setControlCount(e.controls())
                    .setPreSampleSize(e.prePeriods())
                    .setPostSampleSize(e.postPeriods())
                    .setShiftTime(shift)
                    .setVerdict(verdict(e, direction))
                    .setWithdrawn(false)
                    .setRevision(last == null ? 0 : last.getRevision() + 1)
                    .setComputedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()))
                    .build();
            lastEstimates.put(key, estimate);
            produced.add(key);
            out.collect(estimate);
        }
    }

    /** Emits a final, withdrawn revision of every last estimate of {@code initiativeId} not in {@code keep}. */
    private void withdraw(String initiativeId, Set<String> keep, Context ctx, Collector<ImpactEstimate> out)
            throws Exception {
        List<String> gone = new ArrayList<>();
        for (String key : lastEstimates.keys()) {
            if (key.startsWith(initiativeId + SEPARATOR) && !keep.contains(key)) {
                gone.add(key);
            }
        }
        for (String key : gone) {
            ImpactEstimate last = lastEstimates.get(key);
            out.collect(ImpactEstimate.newBuilder(last).setWithdrawn(true).setRevision(last.getRevision() + 1)
                    .setComputedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())).build());
            lastEstimates.remove(key);
        }
    }

    private Set<String> treatedObjects(Initiative initiative, Set<String> seen) throws Exception {
        Set<String> treated = new LinkedHashSet<>();
        initiative.getScope().getObjects().forEach(o -> treated.add(objectKey(o)));
        for (ObjectSelector selector : initiative.getScope().getSelectors()) {
            String prefix = selector.getObjectType() + SEPARATOR;
            Map<String, String> conditions = selector.getAttributeEquals();
            for (String object : seen) {
                if (object.startsWith(prefix) && (conditions.isEmpty() || holds(conditions, object))) {
                    treated.add(object);
                }
            }
        }
        return treated;
    }

    /** Whether the object's current attributes have every value {@code conditions} asks for. */
    private boolean holds(Map<String, String> conditions, String object) throws Exception {
        Map<String, String> attributes = objectAttributes.get(object);
        return attributes != null && attributes.entrySet().containsAll(conditions.entrySet());
    }

    private List<String> controlPool(Initiative initiative, List<String> treated, Set<String> seen,
            List<Initiative> all, String kpiId) throws Exception {
        List<String> pool = new ArrayList<>();
        if (!initiative.getControlObjects().isEmpty()) {
            initiative.getControlObjects().forEach(o -> pool.add(objectKey(o)));
            pool.removeAll(treated);
            return pool;
        }
        Set<String> types = new HashSet<>();
        treated.forEach(o -> types.add(o.substring(0, o.indexOf(SEPARATOR))));
        Set<String> excluded = new HashSet<>(treated);
        for (Initiative other : all) {
            if (!other.getInitiativeId().equals(initiative.getInitiativeId()) && overlaps(initiative, other)) {
                excluded.addAll(treatedObjects(other, seen));
            }
        }
        for (String o : seen) {
            if (!excluded.contains(o) && types.contains(o.substring(0, o.indexOf(SEPARATOR)))) {
                pool.add(o);
            }
        }
        return pool;
    }

    private static boolean overlaps(Initiative a, Initiative b) {
        long aEnd = a.getEndTime() == null ? Long.MAX_VALUE : a.getEndTime().toEpochMilli();
        long bEnd = b.getEndTime() == null ? Long.MAX_VALUE : b.getEndTime().toEpochMilli();
        return a.getStartTime().toEpochMilli() < bEnd && b.getStartTime().toEpochMilli() < aEnd;
    }

    /** Number of panel periods in [start, start + ramp-up). */
    private static int rampUpPeriods(Panel panel, long start, Long rampUpMillis) {
        if (rampUpMillis == null || rampUpMillis <= 0) {
            return 0;
        }
        int n = 0;
        for (int p = 0; p < panel.periodCount(); p++) {
            if (panel.period(p) >= start && panel.period(p) < start + rampUpMillis) {
                n++;
            }
        }
        return n;
    }

    /** Keeps the last {@code retainedWindows} distinct windows. */
    private void evictOldWindows() throws Exception {
        TreeSet<Long> windows = new TreeSet<>();
        for (Tuple2<String, Long> cell : values.keys()) {
            windows.add(cell.f1);
        }
        if (windows.size() <= retainedWindows) {
            return;
        }
        long oldestKept = windows.descendingSet().stream().skip(retainedWindows - 1L).findFirst().orElseThrow();
        List<Tuple2<String, Long>> old = new ArrayList<>();
        for (Tuple2<String, Long> cell : values.keys()) {
            if (cell.f1 < oldestKept) {
                old.add(cell);
            }
        }
        for (Tuple2<String, Long> cell : old) {
            values.remove(cell);
        }
    }

    /** Which way is good: the initiative's expected direction for this KPI (towards a target: from the pre mean). */
    private static Direction direction(Initiative initiative, String kpiId, double preMean) {
        for (KpiTarget target : initiative.getTargetKpis()) {
            if (target.getKpiId().equals(kpiId)) {
                ExpectedDirection d = target.getDirection();
                if (d == ExpectedDirection.INCREASE) {
                    return Direction.HIGHER_IS_BETTER;
                }
                if (d == ExpectedDirection.DECREASE) {
                    return Direction.LOWER_IS_BETTER;
                }
                if (d == ExpectedDirection.TOWARDS_TARGET && target.getTargetValue() != null && !Double.isNaN(preMean)) {
                    return target.getTargetValue() >= preMean ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
                }
            }
        }
        return null;
    }

    private static ImpactVerdict verdict(Estimate e, Direction direction) {
        if (!e.isSufficient()) {
            return ImpactVerdict.INSUFFICIENT_DATA;
        }
        if (direction == null) {
            return ImpactVerdict.UNKNOWN; // no usable expected direction for this KPI
        }
        switch (e.verdict(direction)) {
            case IMPROVING:
                return ImpactVerdict.IMPROVED;
            case WORSENING:
                return ImpactVerdict.WORSENED;
            case NO_DETECTABLE_EFFECT:
                return ImpactVerdict.NO_SIGNIFICANT_EFFECT;
            default:
                return ImpactVerdict.INSUFFICIENT_DATA;
        }
    }

    private static io.fulcrum.schema.ImpactMethod method(ImpactMethod m) {
        switch (m) {
            case PRE_POST_WELCH:
                return io.fulcrum.schema.ImpactMethod.PRE_POST;
            case DIFFERENCE_IN_DIFFERENCES:
                return io.fulcrum.schema.ImpactMethod.DIFFERENCE_IN_DIFFERENCES;
            case SYNTHETIC_CONTROL:
                return io.fulcrum.schema.ImpactMethod.SYNTHETIC_CONTROL;
            default:
                return io.fulcrum.schema.ImpactMethod.SYNTHETIC_DIFFERENCE_IN_DIFFERENCES;
        }
    }

    /** Object type and id joined by NUL, which neither contains in practice and which sorts type first. */
    static String objectKey(BusinessObjectRef o) {
        return o.getType() + SEPARATOR + o.getId();
    }

    private static BusinessObjectRef objectRef(String key) {
        int i = key.indexOf(SEPARATOR);
        return new BusinessObjectRef(key.substring(0, i), key.substring(i + 1));
    }
}
