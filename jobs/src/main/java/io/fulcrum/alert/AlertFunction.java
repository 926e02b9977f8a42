package io.fulcrum.alert;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactScope;
import io.fulcrum.schema.ImpactVerdict;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.ObjectSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The keyed alert operator. Keyed by business object ({@link AlertInput#objectKey()}); keeps one
 * {@link AlertTrack} per KPI of the object, feeds it KPI values (detectors + lifecycle) and impact estimates
 * (guardrail), attaches the initiatives active on the object from the broadcast initiative stream and emits
 * {@code KpiAlert} lifecycle records.
 *
 * <p>Not taken, and counted: KPI values and impact estimates of KPIs without a policy
 * ({@code kpiValuesWithoutPolicy}, {@code estimatesWithoutPolicy}); revisions
 * beyond the revision horizon ({@code revisionsBeyondHorizon}); revisions older than one already taken for their
 * window, which arrived out of order ({@code staleRevisions}); detections lacking history
 * ({@code detectionsLackingHistory}). Rejected, to the {@link #REJECTED} side output and counted
 * ({@code rejectedKpiValues}): KPI values with an empty window, a changed window size or a non-finite value.
 *
 * <p>Initiatives: the latest version (by {@code updatedAt}) of each is kept in broadcast state. One is active on
 * an object during a window when it is not cancelled, started before the window's end, had not ended by its
 * start, and names the object in its scope or has a selector of the object's type without attribute conditions.
 * Selectors with attribute conditions need object attributes, which KPI values do not carry; they are not matched.
 *
 * <p>State cleanup: one event-time timer per object and day removes the tracks whose latest window ended more
 * than {@link AlertConfig#idleRetention()} ago and that have no open alert.
 */
public class AlertFunction extends KeyedBroadcastProcessFunction<String, AlertInput, Initiative, KpiAlert> {

    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** Broadcast state: initiative id to its latest version. */
    public static final MapStateDescriptor<String, Initiative> INITIATIVES = new MapStateDescriptor<>(
            "alert-initiatives", TypeInformation.of(String.class), TypeInformation.of(Initiative.class));

    /** Side output of KPI values the operator could not take. */
    public static final OutputTag<RejectedKpiValue> REJECTED =
            new OutputTag<>("alert-rejected-kpi-values", TypeInformation.of(RejectedKpiValue.class));

    // --- configuration ---
    private final AlertConfig config;

    // --- keyed, checkpointed: KPI id -> track ---
    private transient MapState<String, AlertTrack> tracks;
    /**
     * Keyed, checkpointed: the initiatives the impact engine estimates for this object (id -> true). It names the
     * objects that initiatives select by attribute values, which this operator cannot resolve itself.
     */
    private transient MapState<String, Boolean> estimatedInitiatives;

    // --- not checkpointed: index over the broadcast initiatives, rebuilt after each change ---
    private transient Map<String, List<Initiative>> initiativesByObject;
    private transient Map<String, List<Initiative>> initiativesByType;

    private transient Counter kpiValuesWithoutPolicy;
    private transient Counter estimatesWithoutPolicy;
    private transient Counter revisionsBeyondHorizon;
    private transient Counter staleRevisions;
    private transient Counter detectionsLackingHistory;
    private transient Counter rejectedKpiValues;
    private transient Counter alertEvents;

    public AlertFunction(AlertConfig config) {
        this.config = Objects.requireNonNull(config, "config can't be null");
    }

    @Override
    public void open(OpenContext openContext) {
        tracks = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("alert-tracks", StringSerializer.INSTANCE, AlertTrackSerializer.INSTANCE));
        estimatedInitiatives = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("alert-estimated-initiatives", Types.STRING, Types.BOOLEAN));
        var metrics = getRuntimeContext().getMetricGroup();
        kpiValuesWithoutPolicy = metrics.counter("kpiValuesWithoutPolicy");
        estimatesWithoutPolicy = metrics.counter("estimatesWithoutPolicy");
        revisionsBeyondHorizon = metrics.counter("revisionsBeyondHorizon");
        staleRevisions = metrics.counter("staleRevisions");
        detectionsLackingHistory = metrics.counter("detectionsLackingHistory");
        rejectedKpiValues = metrics.counter("rejectedKpiValues");
        alertEvents = metrics.counter("alertEvents");
    }

    @Override
    public void processElement(AlertInput input, ReadOnlyContext ctx, Collector<KpiAlert> out) throws Exception {
        if (input.kpiValue != null) {
            onKpiValue(input.kpiValue, ctx, out);
        } else {
            onImpactEstimate(input.impactEstimate, input.object(), ctx, out);
        }
    }

    private void onKpiValue(KpiValue value, ReadOnlyContext ctx, Collector<KpiAlert> out) throws Exception {
        AlertPolicy policy = config.policy(value.getKpiId()).orElse(null);
        if (policy == null) {
            kpiValuesWithoutPolicy.inc();
            return;
        }
        AlertTrack track = track(value.getKpiId(), value.getObject());
        long start = value.getWindowStart().toEpochMilli();
        long end = value.getWindowEnd().toEpochMilli();
        List<String> initiatives = activeInitiatives(ctx, value.getObject(), start, end);
        AlertTrack.Observation observation;
        try {
            observation = track.observe(policy, start, end, value.getValue(), value.getRevision(), initiatives,
                    config.silences());
        } catch (IllegalArgumentException e) {
            rejectedKpiValues.inc();
            ctx.output(REJECTED, new RejectedKpiValue(value, e.getMessage()));
            return;
        }
        if (observation.stale()) {
            staleRevisions.inc();
            return;
        }
        if (observation.beyondHorizon()) {
            revisionsBeyondHorizon.inc();
        }
        detectionsLackingHistory.inc(observation.lackingHistory().size());
        tracks.put(value.getKpiId(), track);
        emit(observation.events(), out);
        scheduleCleanup(ctx, end);
    }

    private void onImpactEstimate(ImpactEstimate estimate, BusinessObjectRef object, ReadOnlyContext ctx,
            Collector<KpiAlert> out) throws Exception {
        if (estimate.getScope() == ImpactScope.OBJECT) {
            if (estimate.getWithdrawn()) {
                estimatedInitiatives.remove(estimate.getInitiativeId());
            } else {
                estimatedInitiatives.put(estimate.getInitiativeId(), true);
            }
        }
        AlertPolicy policy = config.policy(estimate.getKpiId()).orElse(null);
        if (policy == null) {
            estimatesWithoutPolicy.inc();
            return;
        }
        AlertTrack track = track(estimate.getKpiId(), object);
        long at = estimate.getComputedAt().toEpochMilli();
        String reason = String.format(Locale.ROOT,
                "impact of initiative %s on %s (%s, revision %d): %s, effect %s, %s%% interval [%s, %s]",
                estimate.getInitiativeId(), estimate.getKpiId(), estimate.getMethod(), estimate.getRevision(),
                estimate.getVerdict(), estimate.getAbsoluteEffect(), estimate.getIntervalLevel() * 100,
                estimate.getIntervalLower(), estimate.getIntervalUpper());
        Detection detection = estimate.getVerdict() == ImpactVerdict.WORSENED
                ? Detection.breach(Severity.CRITICAL, estimate.getPostMean(), estimate.getPreMean(),
                        estimate.getAbsoluteEffect(), reason)
                : Detection.normal(estimate.getPostMean(), estimate.getPreMean(), estimate.getAbsoluteEffect(), reason);
        // The pseudo-object of a treated group is the initiative itself.
        List<String> initiatives = AlertInput.GROUP_OBJECT_TYPE.equals(object.getType())
                ? List.of(estimate.getInitiativeId())
                : activeInitiatives(ctx, object, at, at + 1);
        String sentence = AlertReason.guardrail(policy.label(), object.getType(), object.getId(), estimate,
                detection.isBreach());
        List<AlertEvent> events = track.observeImpact(policy, estimate.getInitiativeId(),
                estimate.getMethod().name(), estimate.getRevision(), detection, sentence, Instant.ofEpochMilli(at),
                initiatives, config.silences());
        tracks.put(estimate.getKpiId(), track);
        emit(events, out);
        scheduleCleanup(ctx, at);
    }

    private AlertTrack track(String kpiId, BusinessObjectRef object) throws Exception {
        AlertTrack track = tracks.get(kpiId);
        return track != null ? track : new AlertTrack(kpiId, object.getType(), object.getId());
    }

    private void emit(List<AlertEvent> events, Collector<KpiAlert> out) {
        for (AlertEvent event : events) {
            out.collect(AlertRecord.from(event));
        }
        alertEvents.inc(events.size());
    }

    /** One timer per key and day: the timer service keeps a single timer per timestamp. */
    private void scheduleCleanup(ReadOnlyContext ctx, long eventTime) {
        long due = eventTime + config.idleRetention().toMillis();
        ctx.timerService().registerEventTimeTimer((due / DAY_MILLIS + 1) * DAY_MILLIS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiAlert> out) throws Exception {
        long idleBefore = timestamp - config.idleRetention().toMillis();
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, AlertTrack> e : tracks.entries()) {
            AlertTrack track = e.getValue();
            long latestEnd = track.latestWindowStart().map(s -> s + track.windowSizeMillis).orElse(Long.MIN_VALUE);
            if (latestEnd <= idleBefore && !track.hasOpenAlert()) {
                idle.add(e.getKey());
            }
        }
        for (String kpiId : idle) {
            tracks.remove(kpiId);
        }
    }

    @Override
    public void processBroadcastElement(Initiative initiative, Context ctx, Collector<KpiAlert> out) throws Exception {
        var state = ctx.getBroadcastState(INITIATIVES);
        Initiative known = state.get(initiative.getInitiativeId());
        if (known == null || !initiative.getUpdatedAt().isBefore(known.getUpdatedAt())) {
            state.put(initiative.getInitiativeId(), initiative);
            initiativesByObject = null;
        }
    }

    private List<String> activeInitiatives(ReadOnlyContext ctx, BusinessObjectRef object, long start, long end)
            throws Exception {
        if (initiativesByObject == null) {
            index(ctx.getBroadcastState(INITIATIVES));
        }
        List<String> active = new ArrayList<>();
        addActive(initiativesByObject.get(AlertInput.objectKey(object)), start, end, active);
        addActive(initiativesByType.get(object.getType()), start, end, active);
        var known = ctx.getBroadcastState(INITIATIVES);
        for (String id : estimatedInitiatives.keys()) {
            Initiative initiative = known.get(id);
            if (initiative != null) {
                addActive(List.of(initiative), start, end, active);
            }
        }
        return active.stream().distinct().sorted().toList();
    }

    private static void addActive(List<Initiative> candidates, long start, long end, List<String> active) {
        if (candidates == null) {
            return;
        }
        for (Initiative i : candidates) {
            boolean started = i.getStartTime().toEpochMilli() < end;
            boolean notEnded = i.getEndTime() == null || i.getEndTime().toEpochMilli() > start;
            if (i.getStatus() != InitiativeStatus.CANCELLED && started && notEnded) {
                active.add(i.getInitiativeId());
            }
        }
    }

    private void index(ReadOnlyBroadcastState<String, Initiative> state) throws Exception {
        Map<String, List<Initiative>> byObject = new HashMap<>();
        Map<String, List<Initiative>> byType = new HashMap<>();
        for (Map.Entry<String, Initiative> e : state.immutableEntries()) {
            Initiative i = e.getValue();
            for (BusinessObjectRef o : i.getScope().getObjects()) {
                byObject.computeIfAbsent(AlertInput.objectKey(o), k -> new ArrayList<>()).add(i);
            }
            for (ObjectSelector s : i.getScope().getSelectors()) {
                if (s.getAttributeEquals().isEmpty()) {
                    byType.computeIfAbsent(s.getObjectType(), k -> new ArrayList<>()).add(i);
                }
            }
        }
        initiativesByObject = byObject;
        initiativesByType = byType;
    }
}
