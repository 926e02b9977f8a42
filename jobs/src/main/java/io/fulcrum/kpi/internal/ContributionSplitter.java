package io.fulcrum.kpi.internal;

import io.fulcrum.kpi.Aggregation;
import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiWindow;
import io.fulcrum.kpi.Rollup;
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
    private transient List<Contribution> targets;
    private transient String[] objectKeys;
    private transient Counter lateEvents;
    private transient SpecificDatumWriter<OperationalEvent> eventWriter;

    public ContributionSplitter(List<KpiDefinition> definitions, OutputTag<DeadLetter> lateTag) {
        this.definitions = List.copyOf(definitions);
        this.lateTag = lateTag;
    }

    @Override
    public void open(OpenContext openContext) {
        plan = new KpiPlan(definitions);
        targets = new ArrayList<>();
        objectKeys = new String[8];
        lateEvents = getRuntimeContext().getMetricGroup().counter("kpiLateEvents");
        eventWriter = new SpecificDatumWriter<>(OperationalEvent.class);
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
        if (objectKeys.length < objects) {
            objectKeys = new String[objects];
        }
        java.util.Arrays.fill(objectKeys, 0, objects, null);
        targets.clear();
        List<String> lateFor = null;
        for (int k : candidates) {
            KpiDefinition kpi = plan.kpi(k);
            if (!kpi.filter().testAttributes(attributes)) {
                continue;
            }
            Aggregation agg = kpi.aggregation();
            double a = 0;
            double b = 0;
            String text = null;
            switch (agg.type()) {
                case COUNT:
                    break;
                case DISTINCT_COUNT:
                    text = attributes.get(agg.attribute().get());
                    if (text == null) {
                        continue;
                    }
                    break;
                case RATIO:
                    if (agg.isMatchingRatio()) {
                        a = matchesAll(agg, attributes) ? 1 : 0;
                        b = 1;
                    } else {
                        Double n = measures.get(agg.measure().get());
                        Double d = measures.get(agg.denominatorMeasure().get());
                        if (n == null || d == null) {
                            continue;
                        }
                        a = n;
                        b = d;
                    }
                    break;
                default: {
                    Double m = measures.get(agg.measure().get());
                    if (m == null) {
                        continue;
                    }
                    a = m;
                }
            }
            KpiPlan.WindowGroup group = plan.group(plan.groupOf(k));
            KpiWindow w = group.window;
            long lastEnd = w.lastStart(t) + w.sizeMillis();
            long firstEnd = lastEnd - (w.windowsPerEvent() - 1L) * w.slideMillis();
            if (group.cleanupTime(firstEnd) <= watermark) {
                if (lateFor == null) {
                    lateFor = new ArrayList<>();
                }
                lateFor.add(kpi.id());
                if (group.cleanupTime(lastEnd) <= watermark) {
                    continue;
                }
            }
            String type = kpi.objectType();
            if (event.getObject().getType().equals(type)) {
                target(0, event.getObject(), t, watermark).add(k, a, b, text);
            }
            for (int i = 0; i < related.size(); i++) {
                BusinessObjectRef ref = related.get(i);
                if (ref.getType().equals(type)) {
                    Contribution c = target(i + 1, ref, t, watermark);
                    if (c.size == 0 || c.kpi[c.size - 1] != k) {
                        c.add(k, a, b, text);
                    }
                }
            }
            if (kpi.rollup().isPresent()) {
                Rollup r = kpi.rollup().get();
                String id = attributes.get(r.attribute());
                if (id != null) {
                    Contribution c = target(Contribution.key(r.objectType(), id), t, watermark);
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

    private static boolean matchesAll(Aggregation agg, Map<String, String> attributes) {
        for (io.fulcrum.kpi.AttributePredicate p : agg.matching()) {
            if (!p.test(attributes)) {
                return false;
            }
        }
        return true;
    }

    private Contribution target(int objectIndex, BusinessObjectRef ref, long t, long watermark) {
        String key = objectKeys[objectIndex];
        if (key == null) {
            key = Contribution.key(ref.getType(), ref.getId());
            objectKeys[objectIndex] = key;
        }
        return target(key, t, watermark);
    }

    /** The contribution for {@code key} of this event; events name few objects, so a linear scan. */
    private Contribution target(String key, long t, long watermark) {
        for (int i = 0, n = targets.size(); i < n; i++) {
            if (targets.get(i).key.equals(key)) {
                return targets.get(i);
            }
        }
        // A new record per object and event: it is handed downstream (object reuse may keep a reference).
        Contribution c = new Contribution();
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
