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
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * The one pass over the KPI definitions per event: evaluates every KPI that reads the event's type, and emits one
 * {@link Contribution} per business object the event names (primary, related, and rollup objects) with the values of
 * all its KPIs, through a {@link ContributionCombiner} that folds the contributions of several events to the same
 * object before they cross the keyBy. Events later than a KPI's allowed lateness go to the {@code late} side output
 * as a {@link DeadLetter} (and still count for the KPIs they are not too late for).
 *
 * <p>An operator rather than a {@code ProcessFunction} because the combiner's table must be emptied before every
 * watermark, when the input turns idle, before every checkpoint barrier and at the end of the input, which no function
 * sees. It has no state: the table is empty at every barrier.
 */
public final class ContributionSplitter extends AbstractStreamOperator<Contribution>
        implements OneInputStreamOperator<OperationalEvent, Contribution> {

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
    private transient String[] rollupType;
    /** The distinct measures the KPIs read, and by KPI the index of its measure / denominator in it (-1: none). */
    private transient String[] measureNames;
    private transient int[] measureSlot;
    private transient int[] denominatorSlot;
    /** Per event: each distinct measure looked up once (NaN = absent), as several KPIs read the same measure. */
    private transient double[] measureValues;
    /**
     * The distinct attributes the KPIs read (filters, matching ratios, distinct counts, rollups); per event each is
     * looked up once, when first needed ({@code attributeEvent} = the event number it was looked up for), as several
     * KPIs test the same attribute.
     */
    private transient String[] attributeNames;
    private transient String[] attributeValues;
    private transient long[] attributeEvent;
    /**
     * By KPI: the attribute slots of its filter conditions, of its matching conditions, of its distinct attribute and
     * of its rollup attribute (-1: none).
     */
    private transient int[][] filterSlots;
    private transient int[][] matchingSlots;
    private transient int[] distinctSlot;
    private transient int[] rollupSlot;
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
    /**
     * The contributions of the current event: the first {@code targetCount} of {@code targets}. The objects are reused
     * for every event: the combiner copies what it holds and everything else is serialized before {@code collect}
     * returns, as the keyBy follows (with object reuse off, Flink copies anyway).
     */
    private transient List<Contribution> targets;
    private transient int targetCount;
    private transient ContributionCombiner combiner;
    private transient StreamRecord<Contribution> outRecord;
    /** The last watermark received: lateness is judged against it. */
    private transient long currentWatermark;
    private transient Counter lateEvents;
    private transient SpecificDatumWriter<OperationalEvent> eventWriter;

    public ContributionSplitter(List<KpiDefinition> definitions, OutputTag<DeadLetter> lateTag) {
        this.definitions = List.copyOf(definitions);
        this.lateTag = lateTag;
    }

    @Override
    public void open() throws Exception {
        super.open();
        plan = new KpiPlan(definitions);
        int n = plan.size();
        String[] measure = new String[n];
        String[] denominator = new String[n];
        String[] attribute = new String[n];
        rollupType = new String[n];
        String[] rollupAttribute = new String[n];
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
        List<String> attributeList = new ArrayList<>();
        filterSlots = new int[n][];
        matchingSlots = new int[n][];
        distinctSlot = new int[n];
        rollupSlot = new int[n];
        for (int k = 0; k < n; k++) {
            filterSlots[k] = slots(attributeList, filters[k]);
            matchingSlots[k] = slots(attributeList, matching[k]);
            distinctSlot[k] = slot(attributeList, attribute[k]);
            rollupSlot[k] = slot(attributeList, rollupAttribute[k]);
        }
        attributeNames = attributeList.toArray(new String[0]);
        attributeValues = new String[attributeNames.length];
        attributeEvent = new long[attributeNames.length];
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
        objectType = new int[8];
        objectTargets = new Contribution[8];
        combiner = new ContributionCombiner(plan, this::emit);
        outRecord = new StreamRecord<>(null);
        currentWatermark = Long.MIN_VALUE;
        lateEvents = getMetricGroup().counter("kpiLateEvents");
        eventWriter = new SpecificDatumWriter<>(OperationalEvent.class);
    }

    /** The index of {@code name} in {@code names}, added if new; -1 for null. */
    private static int slot(List<String> names, String name) {
        if (name == null) {
            return -1;
        }
        int i = names.indexOf(name);
        if (i < 0) {
            names.add(name);
            i = names.size() - 1;
        }
        return i;
    }

    private static int[] slots(List<String> names, AttributePredicate[] conditions) {
        int[] slots = new int[conditions.length];
        for (int i = 0; i < conditions.length; i++) {
            slots[i] = slot(names, conditions[i].attribute());
        }
        return slots;
    }

    @Override
    public void processElement(StreamRecord<OperationalEvent> record) {
        OperationalEvent event = record.getValue();
        int[] candidates = plan.candidates(event.getEventType());
        if (candidates.length == 0) {
            return;
        }
        long t = event.getEventTime().toEpochMilli();
        long watermark = currentWatermark;
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
        targetCount = 0;
        eventCount++;
        List<String> lateFor = null;
        for (int k : candidates) {
            if (!allHold(filters[k], filterSlots[k], attributes)) {
                continue;
            }
            double a = 0;
            double b = 0;
            String text = null;
            switch (kind[k]) {
                case KIND_COUNT:
                    break;
                case KIND_DISTINCT:
                    text = attribute(distinctSlot[k], attributes);
                    if (text == null) {
                        continue;
                    }
                    break;
                case KIND_MATCHING:
                    a = allHold(matching[k], matchingSlots[k], attributes) ? 1 : 0;
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
                String id = attribute(rollupSlot[k], attributes);
                if (id != null) {
                    Contribution c = target(Contribution.key(rollupType[k], id), contributionCapacity, t, watermark);
                    if (c.size == 0 || c.kpi[c.size - 1] != k) {
                        c.add(k, a, b, text);
                    }
                }
            }
        }
        for (int i = 0; i < targetCount; i++) {
            combiner.add(targets.get(i));
        }
        if (lateFor != null) {
            lateEvents.inc();
            output.collect(lateTag, new StreamRecord<>(deadLetter(event, lateFor, watermark), record.getTimestamp()));
        }
    }

    private void emit(Contribution c) {
        output.collect(outRecord.replace(c, c.timestamp));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        combiner.flush();
        super.processWatermark(mark);
        currentWatermark = mark.getTimestamp();
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            combiner.flush();
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        combiner.flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        combiner.flush();
        super.finish();
    }

    private boolean allHold(AttributePredicate[] conditions, int[] slots, Map<String, String> attributes) {
        for (int i = 0; i < conditions.length; i++) {
            if (!conditions[i].test(attribute(slots[i], attributes))) {
                return false;
            }
        }
        return true;
    }

    /** The value of attribute {@code slot} in the current event, looked up once per event. */
    private String attribute(int slot, Map<String, String> attributes) {
        if (attributeEvent[slot] != eventCount) {
            attributeValues[slot] = attributes.get(attributeNames[slot]);
            attributeEvent[slot] = eventCount;
        }
        return attributeValues[slot];
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
        for (int i = 0; i < targetCount; i++) {
            if (targets.get(i).key.equals(key)) {
                return targets.get(i);
            }
        }
        Contribution c;
        if (targetCount == targets.size()) {
            c = new Contribution(capacity);
            targets.add(c);
        } else {
            c = targets.get(targetCount);
            c.clear();
        }
        targetCount++;
        c.key = key;
        c.timestamp = t;
        c.watermark = watermark;
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
