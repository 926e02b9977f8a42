package io.fulcrum.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link AtLeastOncePublishing}: which events are published twice, where their copies go and what a copy carries,
 * on hand-made events and on the demo's generated ones (the same generator settings as {@link SourceSystemsTest}).
 */
class AtLeastOncePublishingTest {

    private static final Instant T = Instant.parse("2026-09-07T08:00:00Z");

    @Test
    void withShareOneEveryEventOfTheGivenSourcesIsPublishedTwiceOthersOnce() {
        List<OperationalEvent> events = List.of(event("a-1", "a", T), event("b-1", "b", T),
                event("a-2", "a", T.plusSeconds(600)), event("a-3", "a", T.plusSeconds(7200)));

        AtLeastOncePublishing.Published p = new AtLeastOncePublishing(1.0, 3).publish(events, Set.of("a"));

        assertThat(p.inArrivalOrder()).hasSize(7);
        assertThat(p.resentBySource()).isEqualTo(Map.of("a", 3));
        assertThat(p.resent()).isEqualTo(3);
        assertThat(p.inArrivalOrder().stream().map(OperationalEvent::getEventId))
                .filteredOn(id -> id.equals("b-1")).hasSize(1);
        assertCopiesOf(events, p);
        // Delays are under 30 min: a-1's copy (T+1..30 min) comes before a-3 (T+2h), a-3's copy after it.
        List<String> ids = p.inArrivalOrder().stream().map(OperationalEvent::getEventId).toList();
        assertThat(ids.lastIndexOf("a-1")).isLessThan(ids.indexOf("a-3"));
        assertThat(ids.get(6)).isEqualTo("a-3");
    }

    @Test
    void withShareZeroNothingIsResent() {
        List<OperationalEvent> events = List.of(event("a-1", "a", T), event("a-2", "a", T.plusSeconds(1)));

        AtLeastOncePublishing.Published p = new AtLeastOncePublishing(0.0, 3).publish(events, Set.of("a", "b"));

        assertThat(p.inArrivalOrder()).isEqualTo(events);
        assertThat(p.resentBySource()).isEqualTo(Map.of("a", 0, "b", 0));
    }

    @Test
    void theDemosEventsAreResentDeterministicallyAtAboutTheShareOnlyForTheGivenSources() {
        List<OperationalEvent> events = new OperationalEventGenerator(new SupplyChainWorld(), DemoRun.START, 14,
                DemoRun.START.plus(Duration.ofDays(7)), DemoRun.START.plus(Duration.ofDays(5)), Duration.ofDays(2),
                11).generate();
        AtLeastOncePublishing publishing = new AtLeastOncePublishing(DemoRun.RESEND_SHARE, 11);

        AtLeastOncePublishing.Published all = publishing.publish(events, Set.of("tms-eu", "qms", "erp"));

        assertThat(publishing.publish(events, Set.of("tms-eu", "qms", "erp"))).isEqualTo(all);
        assertCopiesOf(events, all);
        // The counts it reports, recounted from what it published: ids that occur twice, per source.
        assertThat(all.resentBySource()).isEqualTo(secondOccurrencesBySource(all.inArrivalOrder()));
        // Binomial(n, 0.005): mean n/200; the seeded outcome lies within 4 standard deviations of it (a guard
        // against a share read as a percentage or ignored, not a test of the random generator).
        double mean = events.size() * DemoRun.RESEND_SHARE;
        double sd = Math.sqrt(mean * (1 - DemoRun.RESEND_SHARE));
        assertThat((double) all.resent()).isBetween(mean - 4 * sd, mean + 4 * sd);
        assertThat(all.resentBySource().values()).allSatisfy(n -> assertThat(n).isPositive());

        AtLeastOncePublishing.Published qmsOnly = publishing.publish(events, Set.of("qms"));
        assertCopiesOf(events, qmsOnly);
        assertThat(qmsOnly.resentBySource()).containsOnlyKeys("qms");
        assertThat(secondOccurrencesBySource(qmsOnly.inArrivalOrder())).containsOnlyKeys("qms");
    }

    @Test
    void aShareOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new AtLeastOncePublishing(1.5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("re-send share 1.5 must be between 0 and 1");
        assertThatThrownBy(() -> new AtLeastOncePublishing(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("re-send share NaN must be between 0 and 1");
    }

    /**
     * {@code published} in ingestion order; without the second occurrence of each id it is {@code events}, in
     * order; each second occurrence equals the first but for an ingestion time 1 to 30 minutes later.
     */
    private static void assertCopiesOf(List<OperationalEvent> events, AtLeastOncePublishing.Published published) {
        List<OperationalEvent> out = published.inArrivalOrder();
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).getIngestionTime()).isAfterOrEqualTo(out.get(i - 1).getIngestionTime());
        }
        Map<String, OperationalEvent> first = new HashMap<>();
        List<OperationalEvent> originals = new ArrayList<>();
        for (OperationalEvent e : out) {
            OperationalEvent original = first.putIfAbsent(e.getEventId(), e);
            if (original == null) {
                originals.add(e);
                continue;
            }
            Duration delay = Duration.between(original.getIngestionTime(), e.getIngestionTime());
            assertThat(delay).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(30).minusMillis(1));
            assertThat(OperationalEvent.newBuilder(e).setIngestionTime(original.getIngestionTime()).build())
                    .as("copy of " + e.getEventId()).isEqualTo(original);
        }
        assertThat(originals).isEqualTo(events);
        assertThat(out.size() - originals.size()).isEqualTo(published.resent());
    }

    private static Map<String, Integer> secondOccurrencesBySource(List<OperationalEvent> published) {
        Set<String> seen = new HashSet<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (OperationalEvent e : published) {
            if (!seen.add(e.getEventId())) {
                counts.merge(e.getSource(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static OperationalEvent event(String id, String source, Instant ingestedAt) {
        return OperationalEvent.newBuilder()
                .setEventId(id)
                .setSource(source)
                .setEventType("shipment_delivered")
                .setEventTime(ingestedAt.minusSeconds(30))
                .setIngestionTime(ingestedAt)
                .setObject(new BusinessObjectRef("route", "DE-FR"))
                .setMeasures(Map.of("quantity_delivered", 10.0))
                .build();
    }
}
