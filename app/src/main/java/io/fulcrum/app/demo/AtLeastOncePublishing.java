package io.fulcrum.app.demo;

import io.fulcrum.schema.OperationalEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The source systems' producers deliver at least once, as real feeds do: after a timed-out acknowledgement or a
 * reconnect, a record that is already in the topic is sent again. Here a seeded share of the events of the given
 * sources is published a second time, with the same content (so the same event id) and key, between
 * {@link #MIN_DELAY} and {@link #MAX_DELAY} after the first copy in arrival order: under a later offset of the same
 * partition.
 *
 * <p>Only sources whose records carry an event id ({@code eventId.fields} in their definition) should be given:
 * the copies of any other source's records get new ids from their Kafka offsets, which no deduplication can match.
 */
final class AtLeastOncePublishing {

    /** A re-sent copy arrives at least this long after the first copy. */
    static final Duration MIN_DELAY = Duration.ofMinutes(1);
    /** ... and less than this long after it. */
    static final Duration MAX_DELAY = Duration.ofMinutes(30);

    private final double share;
    private final long seed;

    /**
     * @param share probability that an event of a re-sending source is published a second time, in [0, 1]
     * @param seed  seed of the choice and the delays
     * @throws IllegalArgumentException if {@code share} is outside [0, 1]
     */
    AtLeastOncePublishing(double share, long seed) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("re-send share " + share + " must be between 0 and 1");
        }
        this.share = share;
        this.seed = seed;
    }

    /** What the systems publish: the events in arrival order with their re-sent copies, and the copies' count. */
    record Published(List<OperationalEvent> inArrivalOrder, Map<String, Integer> resentBySource) {
        Published {
            inArrivalOrder = List.copyOf(inArrivalOrder);
            resentBySource = Map.copyOf(resentBySource);
        }

        int resent() {
            return resentBySource.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * @param inArrivalOrder the events, ordered by {@code ingestionTime}
     * @param sources        the sources that re-send (by {@link OperationalEvent#getSource()})
     * @return every event in its order, each re-sent one followed later by its copy (which differs only in its
     *     {@code ingestionTime}); ordered by {@code ingestionTime}, the originals keeping their relative order
     */
    Published publish(List<OperationalEvent> inArrivalOrder, Set<String> sources) {
        Objects.requireNonNull(sources, "sources can't be null");
        // Its own stream, split off the seed's: the generator's draws, and so the events, stay what they were.
        SplittableRandom random = new SplittableRandom(seed).split();
        List<OperationalEvent> published = new ArrayList<>(inArrivalOrder);
        Map<String, Integer> resent = new TreeMap<>();
        sources.forEach(s -> resent.put(s, 0));
        for (OperationalEvent e : inArrivalOrder) {
            if (sources.contains(e.getSource()) && random.nextDouble() < share) {
                long delay = random.nextLong(MIN_DELAY.toMillis(), MAX_DELAY.toMillis());
                published.add(OperationalEvent.newBuilder(e)
                        .setIngestionTime(e.getIngestionTime().plusMillis(delay)).build());
                resent.merge(e.getSource(), 1, Integer::sum);
            }
        }
        // A stable sort: the originals keep their order, and a copy goes after the events it arrived after.
        published.sort(Comparator.comparing(OperationalEvent::getIngestionTime));
        return new Published(published, resent);
    }
}
