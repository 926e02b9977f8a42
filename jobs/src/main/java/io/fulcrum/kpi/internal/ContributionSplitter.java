package io.fulcrum.kpi.internal;

import io.fulcrum.kpi.Aggregation;
import io.fulcrum.kpi.AttributePredicate;
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiWindow;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.OperationalEvent;
import io.fulcrum.schema.RecordHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.api.common.functions.OpenContext;

/**
 * The one pass over the KPI definitions per event: evaluates every KPI that reads the event's type, and emits one
 * {@link Contribution} per business object the event names (primary, related, and rollup objects) with the values of
 * all its KPIs. Events later than a KPI's allowed lateness go to the {@code late} side output as a {@link DeadLetter}
 * (and still count for the KPIs they are not too late for).
 */
public final class ContributionSplitter extends ProcessFunction<OperationalEvent, Contribution> {

    private static final long serialVersionUID = 1L;

    /** The header that marks a dead letter written by the KPI engine for a late event. */
    public static final String REASON_HEADER = "fulcrum.reason";
    public static final String LATE = "late";

    // ---- configuration ----
    private final List<KpiDefinition> definitions;
    private final OutputTag<DeadLetter> lateTag;

    // ---- per task, not checkpointed ----
    private transient KpiPlan plan;
    /** By KPI index, resolved once: Optional getters in the per-event loop allocate. */
    private transient String[] measure;
    private transient String[] denominator;
    private transient String[] attribute;
    private transient String[] rollupType;
    private transient String[] rollupAttribute;
    /** The distinct measures the KPIs read, and by KPI the index of its measure / denominator in it (-1: none). */
    private transient String[] measureNames;
    private transient int[] measureSlot;
    private transient int[] denominatorSlot;
    /** Per event: each distinct measure looked up once (NaN = absent), as several KPIs read the same measure. */
    private transient double[] measureValues;
    /** Most KPIs one object can receive from one event: the initial size of a rollup object's contribution. */
    private transient int contributionCapacity;
    /** By object type id: the most KPIs an object of the type can receive from one event. */
    private transient int[] typeCapacity;
    /** By KPI: what the per-event loop needs, flattened out of the definitions. */
    private transient byte[] kind;
    private transient AttributePredicate[][] filters;
    private transient AttributePredicate[][] matching;
    private transient int[] groupOf;
    /** By window group: whether its windows are past the lateness for event number {@code groupEvent}. */
    private transient byte[] groupLate;
    private transient long[] groupEvent;
    private transient long eventCount;

    private static final byte KIND_COUNT = 0;
    private static final byte KIND_MEASURE = 1;
    private static final byte KIND_MEASURE_RATIO = 2;
    private static final byte KIND_MATCHING = 3;
    private static final byte KIND_DISTINCT = 4;
    private static final byte LATE_NONE = 0;
    private static final byte LATE_SOME = 1;
    private static final byte LATE_ALL = 2;

    /** Object types as small ints, so the per-KPI loop compares ints instead of strings. */
    private transient Map<String, Integer> typeIds;
    private transient int[] kpiType;
    /** Per event: the type id and the contribution of each object it names (index 0 = primary). */
    private transient int[] objectType;
    private transient Contribution[] objectTargets;
    private transient List<Contribution> targets;
    /**
     * The contribution objects of the previous events, reused: the combiner copies what it holds on to and everything
     * else is serialized before {@code collect} returns (object reuse on; with it off Flink copies anyway).
     */
    private transient List<Contribution> spare;
    private transient Counter lateEvents;
    private transient SpecificDatumWriter<OperationalEvent> eventWriter;

    public ContributionSplitter(List<KpiDefinition> definitions, OutputTag<DeadLetter> lateTag) {
        this.definitions = List.copyOf(definitions);
        this.lateTag = lateTag;
    }

    @Override
    public void open(OpenContext openContext) {
        plan = new KpiPlan(definitions);
        int n = plan.size();
        measure = new String[n];
        denominator = new String[n];
        attribute = new String[n];
        rollupType = new String[n];
        rollupAttribute = new String[n];
        for (int k = 0; k < n; k++) {
            KpiDefinition kpi = plan.kpi(k);
            measure[k] = kpi.aggregation().measure().orElse(null);
            denominator[k] = kpi.aggregation().denominatorMeasure().orElse(null);
            attribute[k] = kpi.aggregation().attribute().orElse(null);
            rollupType[k] = kpi.rollup().map(io.fulcrum.kpi.Rollup::objectType).orElse(null);
            rollupAttribute[k] = kpi.rollup().map(io.fulcrum.kpi.Rollup::attribute).orElse(null);
        }
        List<String> names = new ArrayList<>();
        measureSlot = new int[n];
        denominatorSlot = new int[n];
        java.util.Map<String, Integer> perType = new java.util.HashMap<>();
        for (int k = 0; k < n; k++) {
            measureSlot[k] = slot(names, measure[k]);
            denominatorSlot[k] = slot(names, denominator[k]);
            perType.merge(plan.kpi(k).objectType(), 1, Integer::sum);
            if (rollupType[k] != null) {
                perType.merge(rollupType[k], 1, Integer::sum);
            }
        }
        measureNames = names.toArray(new String[0]);
        measureValues = new double[measureNames.length];
        contributionCapacity = perType.values().stream().mapToInt(Integer::intValue).max().orElse(4);
        kind = new byte[n];
        filters = new AttributePredicate[n][];
        matching = new AttributePredicate[n][];
        groupOf = new int[n];
        for (int k = 0; k < n; k++) {
            Aggregation agg = plan.aggregation(k);
            kind[k] = agg.type() == Aggregation.Type.COUNT ? KIND_COUNT
                    : agg.type() == Aggregation.Type.DISTINCT_COUNT ? KIND_DISTINCT
                    : agg.isMatchingRatio() ? KIND_MATCHING
                    : agg.type() == Aggregation.Type.RATIO ? KIND_MEASURE_RATIO : KIND_MEASURE;
            filters[k] = plan.kpi(k).filter().conditions().toArray(new AttributePredicate[0]);
            matching[k] = agg.matching().toArray(new AttributePredicate[0]);
            groupOf[k] = plan.groupOf(k);
        }
        groupLate = new byte[plan.groupCount()];
        groupEvent = new long[plan.groupCount()];
        typeIds = new java.util.HashMap<>();
        kpiType = new int[n];
        for (int k = 0; k < n; k++) {
            kpiType[k] = typeIds.computeIfAbsent(plan.kpi(k).objectType(), x -> typeIds.size());
        }
        typeCapacity = new int[typeIds.size()];
        typeIds.forEach((type, id) -> typeCapacity[id] = perType.get(type));
        targets = new ArrayList<>();
        spare = new ArrayList<>();
        objectType = new int[8];
        objectTargets = new Contribution[8];
        lateEvents = getRuntimeContext().getMetricGroup().counter("kpiLateEvents");
        eventWriter = new SpecificDatumWriter<>(OperationalEvent.class);
    }

    private static int slot(List<String> names, String measureName) {
        if (measureName == null) {
            return -1;
        }
        int i = names.indexOf(measureName);
        if (i < 0) {
            names.add(measureName);
            i = names.size() - 1;
        }
        return i;
    }

    @Override
    public void processElement(OperationalEvent event, Context ctx, Collector<Contribution> out) {
        int[] candidates = plan.candidates(event.getEventType());
        if (candidates.length == 0) {
            return;
        }
        long t = event.getEventTime().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        Map<String, String> attributes = event.getAttributes();
        Map<String, Double> measures = event.getMeasures();
        List<BusinessObjectRef> related = event.getRelatedObjects();
        int objects = 1 + related.size();
        if (objectType.length < objects) {
            objectType = new int[objects];
            objectTargets = new Contribution[objects];
        }
        java.util.Arrays.fill(objectTargets, 0, objects, null);
        objectType[0] = typeIds.getOrDefault(event.getObject().getType(), -1);
        for (int i = 1; i < objects; i++) {
            objectType[i] = typeIds.getOrDefault(related.get(i - 1).getType(), -1);
        }
        for (int i = 0; i < measureNames.length; i++) {
            Double m = measures.get(measureNames[i]);
            measureValues[i] = m == null ? Double.NaN : m;
        }
        spare.addAll(targets);
        targets.clear();
        eventCount++;
        List<String> lateFor = null;
        for (int k : candidates) {
            AttributePredicate[] where = filters[k];
            if (!allHold(where, attributes)) {
                continue;
            }
            double a = 0;
            double b = 0;
            String text = null;
            switch (kind[k]) {
                case KIND_COUNT:
                    break;
                case KIND_DISTINCT:
                    text = attributes.get(attribute[k]);
                    if (text == null) {
                        continue;
                    }
                    break;
                case KIND_MATCHING:
                    a = allHold(matching[k], attributes) ? 1 : 0;
                    b = 1;
                    break;
                case KIND_MEASURE_RATIO:
                    a = measureValues[measureSlot[k]];
                    b = measureValues[denominatorSlot[k]];
                    if (Double.isNaN(a) || Double.isNaN(b)) {
                        continue;
                    }
                    break;
                default:
                    a = measureValues[measureSlot[k]];
                    if (Double.isNaN(a)) {
                        continue;
                    }
            }
            // Lateness per window group, worked out once per event (it takes divisions).
            int g = groupOf[k];
            if (groupEvent[g] != eventCount) {
                KpiPlan.WindowGroup group = plan.group(g);
                KpiWindow w = group.window;
                long lastEnd = w.lastStart(t) + w.sizeMillis();
                long firstEnd = lastEnd - (w.windowsPerEvent() - 1L) * w.slideMillis();
                groupLate[g] = group.cleanupTime(lastEnd) <= watermark ? LATE_ALL
                        : group.cleanupTime(firstEnd) <= watermark ? LATE_SOME : LATE_NONE;
                groupEvent[g] = eventCount;
            }
            if (groupLate[g] != LATE_NONE) {
                if (lateFor == null) {
                    lateFor = new ArrayList<>();
                }
                lateFor.add(plan.kpi(k).id());
                if (groupLate[g] == LATE_ALL) {
                    continue;
                }
            }
            int type = kpiType[k];
            for (int i = 0; i < objects; i++) {
                if (objectType[i] == type) {
                    Contribution c = target(i, i == 0 ? event.getObject() : related.get(i - 1), type, t, watermark);
                    if (c.size == 0 || c.kpi[c.size - 1] != k) {   // an object named twice counts once
                        c.add(k, a, b, text);
                    }
                }
            }
            if (rollupType[k] != null) {
                String id = attributes.get(rollupAttribute[k]);
                if (id != null) {
                    Contribution c = target(Contribution.key(rollupType[k], id), contributionCapacity, t, watermark);
                    if (c.size == 0 || c.kpi[c.size - 1] != k) {
                        c.add(k, a, b, text);
                    }
                }
            }
        }
        for (int i = 0, n = targets.size(); i < n; i++) {
            out.collect(targets.get(i));
        }
        if (lateFor != null) {
            lateEvents.inc();
            ctx.output(lateTag, deadLetter(event, lateFor, watermark));
        }
    }

    private static boolean allHold(AttributePredicate[] conditions, Map<String, String> attributes) {
        for (AttributePredicate c : conditions) {
            if (!c.test(attributes)) {
                return false;
            }
        }
        return true;
    }

    private Contribution target(int objectIndex, BusinessObjectRef ref, int type, long t, long watermark) {
        Contribution c = objectTargets[objectIndex];
        if (c == null) {
            c = target(Contribution.key(ref.getType(), ref.getId()), typeCapacity[type], t, watermark);
            objectTargets[objectIndex] = c;
        }
        return c;
    }

    /** The contribution for {@code key} of this event; events name few objects, so a linear scan. */
    private Contribution target(String key, int capacity, long t, long watermark) {
        for (int i = 0, n = targets.size(); i < n; i++) {
            if (targets.get(i).key.equals(key)) {
                return targets.get(i);
            }
        }
        Contribution c;
        if (spare.isEmpty()) {
            c = new Contribution(capacity);
        } else {
            c = spare.remove(spare.size() - 1);
            c.clear();
        }
        c.key = key;
        c.timestamp = t;
        c.watermark = watermark;
        targets.add(c);
        return c;
    }

    private DeadLetter deadLetter(OperationalEvent event, List<String> kpis, long watermark) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            eventWriter.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode late event " + event.getEventId(), e);
        }
        return DeadLetter.newBuilder()
                .setSourceTopic("")
                .setSourcePartition(-1)
                .setSourceOffset(-1L)
                .setKey(ByteBuffer.wrap((event.getObject().getType() + ":" + event.getObject().getId())
                        .getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(bytes.toByteArray()))
                .setHeaders(List.of(new RecordHeader(REASON_HEADER,
                        ByteBuffer.wrap(LATE.getBytes(StandardCharsets.UTF_8)))))
                .setRecordId(event.getEventId())
                .setReasonCode(DeadLetterReason.LATE)
                .setReasonMessage(LATE + ": event " + event.getEventId() + " (" + event.getEventType() + " at "
                        + event.getEventTime() + ") arrived after the allowed lateness of KPI(s) "
                        + new TreeSet<>(kpis) + "; watermark was " + Instant.ofEpochMilli(watermark)
                        + ". It was not counted in those windows; replay it into a recomputation if it matters.")
                .setFailedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .build();
    }
}
