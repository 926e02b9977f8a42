package io.fulcrum.alert;

import static io.fulcrum.alert.SeriesFixture.HOUR;
import static io.fulcrum.alert.SeriesFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AlertTrackSerializerTest {

    private final AlertPolicy policy = AlertPolicy.builder("lead_time").direction(Direction.LOWER_IS_BETTER)
            .detector(ThresholdDetector.none().withWarning(10).withCritical(20))
            .detector(RobustBaselineDetector.withDefaults().withWindows(24).withMinWindows(12))
            .revisionHorizon(5).build();

    private static AlertTrack roundTrip(AlertTrack track) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        AlertTrackSerializer.INSTANCE.serialize(track, out);
        return AlertTrackSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    /** Feeds windows [from, to) of a seeded series, with a revision of an earlier window now and then. */
    private List<AlertEvent> feed(AlertTrack track, int from, int to) {
        Random random = new Random(from);
        List<AlertEvent> events = new ArrayList<>();
        for (int w = from; w < to; w++) {
            double v = random.nextInt(3) == 0 ? 8 + random.nextDouble() * 20 : 5 + random.nextGaussian();
            events.addAll(track.observe(policy, start(w, HOUR), start(w + 1, HOUR), v, 0, List.of("INIT-1"), List.of())
                    .events());
            if (w % 7 == 0 && w > 3) {
                events.addAll(track.observe(policy, start(w - 2, HOUR), start(w - 1, HOUR), 25, 1, List.of(), List.of())
                        .events());
            }
        }
        return events;
    }

    @Test
    void aRestoredTrackContinuesExactlyLikeTheOriginal() throws Exception {
        AlertTrack original = new AlertTrack("lead_time", "plant", "P-1");
        feed(original, 0, 60);
        Detection worse = Detection.breach(Severity.CRITICAL, 30, 5, 25, "WORSENED");
        original.observeImpact(policy, "INIT-1", "PRE_POST", 3, worse, "worse", Instant.EPOCH, List.of(), List.of());

        AlertTrack restored = roundTrip(original);
        AlertTrack copied = AlertTrackSerializer.INSTANCE.copy(original);

        List<AlertEvent> expected = feed(original, 60, 140);
        assertThat(feed(restored, 60, 140)).isEqualTo(expected).isNotEmpty();
        assertThat(feed(copied, 60, 140)).isEqualTo(expected);
        // The guardrail verdict and its published state survived: an older revision is still ignored, a newer
        // normal one resolves.
        Detection fine = Detection.normal(5, 5, 0, "NO_SIGNIFICANT_EFFECT");
        assertThat(restored.observeImpact(policy, "INIT-1", "PRE_POST", 2, fine, "fine", Instant.EPOCH, List.of(), List.of()))
                .isEmpty();
        assertThat(restored.observeImpact(policy, "INIT-1", "PRE_POST", 4, fine, "fine", Instant.EPOCH, List.of(), List.of()))
                .extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
        // A stale revision is still recognised after the round trip.
        assertThat(roundTrip(restored).observe(policy, start(139, HOUR), start(140, HOUR), 1, -1, List.of(), List.of())
                .stale()).isTrue();
    }
}
