package io.fulcrum.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alerting state of one KPI on one business object, and the engine that advances it: keeps the KPI's recent
 * windows, runs the policy's detectors and lifecycle over them and emits {@link AlertEvent}s for what changed
 * since the last event of each alert. Plain Java and mutable; the Flink operator keeps one per (KPI, object) in
 * keyed state.
 *
 * <p>Revisions and late windows: the lifecycle status after each of the latest {@code revisionHorizon} windows is
 * kept. A window that arrives again (a revision) or late is stored and the detectors and lifecycle are replayed
 * from it to the latest window; only the difference between the replayed state and what was last emitted becomes
 * events. A revision with the same value, or one whose outcome does not change, therefore emits nothing, and a
 * revision that crosses a threshold and a later one that crosses back emit OPENED then RESOLVED. A window older
 * than the horizon still updates the baselines but changes no alert ({@link Observation#beyondHorizon()}).
 *
 * <p>Silences hold back events whose time falls in a mute window or snooze; what was held back is emitted as one
 * catching-up event at the first evaluation after the silence.
 */
public final class AlertTrack {

    private final String kpiId;
    private final String objectType;
    private final String objectId;

    // --- series and lifecycle (replayable) ---
    long windowSizeMillis;
    final TreeMap<Long, Double> values = new TreeMap<>();
    /** Highest revision seen per window, for windows whose values carry revision numbers. */
    final TreeMap<Long, Integer> revisions = new TreeMap<>();
    final TreeMap<Long, Map<String, AlertStatus>> statusAfter = new TreeMap<>();
    boolean snapshotsPruned;

    // --- what has been emitted, per rule ---
    final Map<String, Publication> published = new HashMap<>();

    // --- guardrail: latest impact verdict per (initiative, method) ---
    final Map<String, GuardrailVerdict> verdicts = new HashMap<>();

    public AlertTrack(String kpiId, String objectType, String objectId) {
        this.kpiId = Objects.requireNonNull(kpiId, "kpiId can't be null");
        this.objectType = Objects.requireNonNull(objectType, "objectType can't be null");
        this.objectId = Objects.requireNonNull(objectId, "objectId can't be null");
    }

    public String kpiId() {
        return kpiId;
    }

    public String objectType() {
        return objectType;
    }

    public String objectId() {
        return objectId;
    }

    /** Whether any alert of this track is open as far as its receivers know. */
    public boolean hasOpenAlert() {
        return published.values().stream().anyMatch(p -> p.open);
    }

    /** Start of the latest window seen, if any. */
    public Optional<Long> latestWindowStart() {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.lastKey());
    }

    /**
     * Takes one revision of a KPI window. A revision lower than one already taken for the window arrived out of
     * order and is ignored ({@link Observation#stale()}); otherwise as {@link #observe(AlertPolicy, long, long,
     * double, List, List)}.
     */
    public Observation observe(AlertPolicy policy, long windowStart, long windowEnd, double value, int revision,
            List<String> initiativeIds, List<AlertSilence> silences) {
        Integer known = revisions.get(windowStart);
        if (known != null && known > revision) {
            return new Observation(List.of(), List.of(), false, true);
        }
        Observation observation = observe(policy, windowStart, windowEnd, value, initiativeIds, silences);
        if (values.containsKey(windowStart)) {
            revisions.put(windowStart, revision);
        }
        return observation;
    }

    /**
     * Takes one KPI window (new, late or revised; each arrival supersedes the previous one of the same window) and
     * returns the alert events it causes.
     *
     * @param initiativeIds the initiatives active on the object during the window, carried by the events
     * @throws IllegalArgumentException if the window is empty or its size differs from this KPI's earlier windows
     */
    public Observation observe(AlertPolicy policy, long windowStart, long windowEnd, double value,
            List<String> initiativeIds, List<AlertSilence> silences) {
        long size = windowEnd - windowStart;
        if (size <= 0) {
            throw new IllegalArgumentException("KPI '" + kpiId + "' of " + objectType + ":" + objectId + ": window "
                    + Instant.ofEpochMilli(windowStart) + " .. " + Instant.ofEpochMilli(windowEnd)
                    + " is empty or reversed: windowEnd must be after windowStart");
        }
        if (windowSizeMillis != 0 && size != windowSizeMillis) {
            throw new IllegalArgumentException("KPI '" + kpiId + "' of " + objectType + ":" + objectId + ": window at "
                    + Instant.ofEpochMilli(windowStart) + " lasts " + Duration.ofMillis(size) + " but earlier ones "
                    + Duration.ofMillis(windowSizeMillis) + ": one KPI must keep one window size");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("KPI '" + kpiId + "' of " + objectType + ":" + objectId + ": window at "
                    + Instant.ofEpochMilli(windowStart) + " has value " + value + ": KPI values must be finite");
        }
        windowSizeMillis = size;

        Map<String, AlertStatus> base;
        Map.Entry<Long, Map<String, AlertStatus>> before = statusAfter.lowerEntry(windowStart);
        if (before != null) {
            base = before.getValue();
        } else if (snapshotsPruned) {
            values.put(windowStart, value);
            return new Observation(List.of(), List.of(), true, false);
        } else {
            base = Map.of();
        }
        values.put(windowStart, value);

        Duration windowSize = Duration.ofMillis(size);
        Map<String, AlertStatus> statuses = new LinkedHashMap<>(base);
        Map<String, Detection> latest = new LinkedHashMap<>();
        for (Map.Entry<Long, Double> window : values.tailMap(windowStart, true).entrySet()) {
            NavigableMap<Long, Double> history = values.headMap(window.getKey(), false);
            for (Detector detector : policy.detectors()) {
                Detection detection = detector.evaluate(history, window.getKey(), windowSize, window.getValue(),
                        policy.direction());
                statuses.put(detector.rule(), policy.lifecycle().next(
                        statuses.getOrDefault(detector.rule(), AlertStatus.INITIAL), detection));
                latest.put(detector.rule(), detection);
            }
            statusAfter.put(window.getKey(), Map.copyOf(statuses));
        }
        prune(policy, windowSize);

        long latestStart = values.lastKey();
        Instant start = Instant.ofEpochMilli(latestStart);
        Instant end = Instant.ofEpochMilli(latestStart + size);
        List<AlertEvent> events = new ArrayList<>();
        List<Detection> lacking = new ArrayList<>();
        for (Detector detector : policy.detectors()) {
            Detection detection = latest.get(detector.rule());
            if (detection.outcome() == Detection.Outcome.INSUFFICIENT_HISTORY) {
                lacking.add(detection);
            }
            AlertStatus status = statuses.get(detector.rule());
            Reason reason = (state, was) -> AlertReason.of(policy, detector, objectType, objectId, start, end,
                    detection, state, status, was.severity, was.flapping);
            publish(detector.rule(), status.isOpen(), status.severity(), status.isFlapping(), start, end, detection,
                    initiativeIds, silences, end, reason).ifPresent(events::add);
        }
        return new Observation(events, lacking, false, false);
    }

    /**
     * Takes one impact verdict of an initiative on this KPI of this object (guardrail). The alert
     * {@code guardrail/<initiativeId>} is open while the latest revision of any estimation method says the KPI
     * worsened; it opens and resolves without hysteresis since the verdict already is a statistical decision.
     * Older revisions of a method than one already seen are ignored.
     *
     * @param detection a critical breach when the verdict is worsening, else normal; carries effect and reason
     * @param reason the operator's sentence for the verdict (see {@link AlertReason#guardrail})
     * @param at the estimate's computation time, the event time of any resulting event
     */
    public List<AlertEvent> observeImpact(AlertPolicy policy, String initiativeId, String method, int revision,
            Detection detection, String reason, Instant at, List<String> initiativeIds, List<AlertSilence> silences) {
        if (!policy.guardrail()) {
            return List.of();
        }
        String key = initiativeId + '\u0000' + method;
        GuardrailVerdict previous = verdicts.get(key);
        if (previous != null && previous.revision > revision) {
            return List.of();
        }
        verdicts.put(key, new GuardrailVerdict(revision, detection.isBreach()));
        String prefix = initiativeId + '\u0000';
        boolean worsened = verdicts.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith(prefix) && e.getValue().worsened);
        String rule = guardrailRule(initiativeId);
        Optional<Severity> severity = worsened ? Optional.of(Severity.CRITICAL) : Optional.empty();
        return publish(rule, worsened, severity, false, at, at, detection, initiativeIds, silences, at,
                (state, was) -> reason).map(List::of).orElse(List.of());
    }

    /** The rule name of the guardrail alert of one initiative. */
    public static String guardrailRule(String initiativeId) {
        return "guardrail/" + initiativeId;
    }

    private Optional<AlertEvent> publish(String rule, boolean open, Optional<Severity> severity, boolean flapping,
            Instant windowStart, Instant windowEnd, Detection detection, List<String> initiativeIds,
            List<AlertSilence> silences, Instant at, Reason reason) {
        Publication was = published.getOrDefault(rule, Publication.NONE);
        AlertState state;
        if (!was.open && open) {
            state = AlertState.OPENED;
        } else if (was.open && !open) {
            state = AlertState.RESOLVED;
        } else if (open && (was.severity != severity.orElseThrow() || was.flapping != flapping)) {
            state = AlertState.UPDATED;
        } else {
            return Optional.empty();
        }
        if (silences.stream().anyMatch(s -> s.covers(kpiId, objectId, rule, at))) {
            return Optional.empty();
        }
        Instant openedAt = state == AlertState.OPENED ? at : was.openedAt;
        Severity eventSeverity = open ? severity.orElseThrow() : was.severity;
        Publication now = open
                ? new Publication(true, eventSeverity, flapping, openedAt, was.sequence + 1)
                : new Publication(false, null, false, null, was.sequence + 1);
        published.put(rule, now);
        return Optional.of(new AlertEvent(now.sequence, state, rule, kpiId, objectType, objectId, eventSeverity,
                flapping, windowStart, windowEnd, detection, initiativeIds.stream().sorted().toList(), openedAt, at,
                reason.of(state, was)));
    }

    /** The sentence of an event, once its transition and what receivers saw before are known. */
    @FunctionalInterface
    private interface Reason {
        String of(AlertState state, Publication was);
    }

    private void prune(AlertPolicy policy, Duration windowSize) {
        while (statusAfter.size() > policy.revisionHorizon() + 1) {
            statusAfter.pollFirstEntry();
            snapshotsPruned = true;
        }
        // Replaying the oldest window still in the horizon needs its detectors' full lookback.
        long keepFrom = statusAfter.firstKey() - policy.lookback(windowSize).toMillis();
        values.headMap(keepFrom, false).clear();
        revisions.headMap(keepFrom, false).clear();
    }

    /** The result of {@link #observe}. */
    public static final class Observation {
        private final List<AlertEvent> events;
        private final List<Detection> lackingHistory;
        private final boolean beyondHorizon;
        private final boolean stale;

        Observation(List<AlertEvent> events, List<Detection> lackingHistory, boolean beyondHorizon, boolean stale) {
            this.events = List.copyOf(events);
            this.lackingHistory = List.copyOf(lackingHistory);
            this.beyondHorizon = beyondHorizon;
            this.stale = stale;
        }

        /** True when a higher revision of the window was already taken: this one was ignored. */
        public boolean stale() {
            return stale;
        }

        /** Lifecycle events, in the policy's detector order. */
        public List<AlertEvent> events() {
            return events;
        }

        /** Detections of the latest window that lacked history (the detector said so instead of alerting). */
        public List<Detection> lackingHistory() {
            return lackingHistory;
        }

        /** True when the window was older than the revision horizon: stored for baselines, no alert changed. */
        public boolean beyondHorizon() {
            return beyondHorizon;
        }
    }

    /** What the receivers were last told about one alert. */
    static final class Publication {
        static final Publication NONE = new Publication(false, null, false, null, 0);

        final boolean open;
        final Severity severity;
        final boolean flapping;
        final Instant openedAt;
        final long sequence;

        Publication(boolean open, Severity severity, boolean flapping, Instant openedAt, long sequence) {
            this.open = open;
            this.severity = severity;
            this.flapping = flapping;
            this.openedAt = openedAt;
            this.sequence = sequence;
        }
    }

    /** The latest revision of one method's impact verdict. */
    static final class GuardrailVerdict {
        final int revision;
        final boolean worsened;

        GuardrailVerdict(int revision, boolean worsened) {
            this.revision = revision;
            this.worsened = worsened;
        }
    }
}
