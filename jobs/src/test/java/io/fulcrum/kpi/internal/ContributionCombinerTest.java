package io.fulcrum.kpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The combiner alone, with hand-worked folds. (When the splitter empties it: {@link ContributionSplitterTest}; the
 * brute-force harness test runs both before the windows.)
 * KPI indexes are those of {@code kpis/engine-test.yaml}: 0 count, 1 sum, 2 avg (hopping 2 h / 1 h), 3 min, 4 max,
 * 5 ratio of measures, 6 matching ratio, 7 distinct count, 8 quantile; every slide is 1 h.
 */
class ContributionCombinerTest {

    private static final long HOUR = 3_600_000L;
    private static final String PLANT = Contribution.key("plant", "P1");

    /** What the combiner passed on, copied at once (it may reuse the object it passed). */
    private final List<Contribution> out = new ArrayList<>();
    private ContributionCombiner combiner;

    @BeforeEach
    void open() {
        combiner = new ContributionCombiner(new KpiPlan(EngineTestDefinitions.load()),
                c -> out.add(Contribution.Serializer.INSTANCE.copy(c)));
    }

    @Test
    void foldsAnObjectsEventsUntilFlushed() {
        // three deliveries to one plant within hour 5: (delivered, ordered, lead time, on time & in full)
        double[][] events = {{8, 10, 4.5, 1}, {6, 6, 1.25, 1}, {3, 5, 7.0, 0}};
        for (int i = 0; i < events.length; i++) {
            double[] e = events[i];
            Contribution c = contribution(PLANT, 5 * HOUR + i * 60_000L);
            c.add(0, 0, 0, null);
            c.add(1, e[0], 0, null);
            c.add(3, e[2], 0, null);
            c.add(4, e[2], 0, null);
            c.add(5, e[0], e[1], null);
            c.add(6, e[3], 1, null);
            combiner.add(c);
        }
        assertThat(out).as("nothing leaves before the flush").isEmpty();

        combiner.flush();

        assertThat(out).hasSize(1);
        // count 3 events; sum 8+6+3; min and max of 4.5, 1.25, 7; ratio 17/21; matching 2 of 3
        assertThat(out.get(0).toString()).isEqualTo("Contribution{plant/P1 @18000000"
                + " [0: 0.0, 0.0 x3] [1: 17.0, 0.0 x3] [3: 1.25, 0.0 x3] [4: 7.0, 0.0 x3]"
                + " [5: 17.0, 21.0 x3] [6: 2.0, 3.0 x3]}");
    }

    @Test
    void keepsNoReferenceToTheContributionItWasGivenSoTheSplitterCanReuseIt() {
        Contribution reused = contribution(PLANT, 5 * HOUR);
        reused.add(1, 8, 0, null);
        combiner.add(reused);
        // The splitter refills the same object for its next event, for another plant in another hour.
        reused.clear();
        reused.key = Contribution.key("plant", "P2");
        reused.timestamp = 7 * HOUR;
        reused.add(1, 99, 0, null);

        combiner.flush();

        assertThat(strings(out)).containsExactly("Contribution{plant/P1 @18000000 [1: 8.0, 0.0]}");
    }

    @Test
    void appendsSketchEntriesInsteadOfFoldingThem() {
        Contribution first = contribution(PLANT, HOUR);
        first.add(7, 0, 0, "carrier-A");
        first.add(8, 2.5, 0, null);
        Contribution second = contribution(PLANT, HOUR + 1);
        second.add(7, 0, 0, "carrier-B");
        second.add(8, 4.0, 0, null);
        combiner.add(first);
        combiner.add(second);
        combiner.flush();

        assertThat(strings(out)).containsExactly(
                "Contribution{plant/P1 @3600000 [7: 0.0, 0.0, carrier-A] [8: 2.5, 0.0] [7: 0.0, 0.0, carrier-B]"
                        + " [8: 4.0, 0.0]}");
    }

    @Test
    void keepsAnObjectsWindowsApartInArrivalOrder() {
        Contribution hour1 = contribution(PLANT, HOUR + 10);
        hour1.add(1, 2, 0, null);
        Contribution hour2 = contribution(PLANT, 2 * HOUR + 10);
        hour2.add(1, 3, 0, null);
        Contribution hour1Again = contribution(PLANT, HOUR + 20);
        hour1Again.add(1, 5, 0, null);

        combiner.add(hour1);
        combiner.add(hour2);
        assertThat(strings(out)).as("hour 2 pushes hour 1 out").containsExactly(hour1.toString());
        combiner.add(hour1Again);
        combiner.flush();

        assertThat(strings(out)).containsExactly(
                "Contribution{plant/P1 @3600010 [1: 2.0, 0.0]}",
                "Contribution{plant/P1 @7200010 [1: 3.0, 0.0]}",
                "Contribution{plant/P1 @3600020 [1: 5.0, 0.0]}");
    }

    @Test
    void passesAnotherObjectThroughWhenItsSlotIsTaken() {
        String other = objectInTheSameSlotAs(PLANT);
        Contribution held = contribution(PLANT, HOUR);
        held.add(0, 0, 0, null);
        Contribution passing = contribution(other, HOUR);
        passing.add(0, 0, 0, null);

        combiner.add(held);
        combiner.add(passing);

        assertThat(strings(out)).containsExactly(passing.toString());
        combiner.flush();
        assertThat(strings(out)).containsExactly(passing.toString(), held.toString());
    }

    /** Contributions are compared by their full text (key, time and every entry). */
    private static List<String> strings(List<Contribution> contributions) {
        return contributions.stream().map(Contribution::toString).toList();
    }

    private static Contribution contribution(String key, long timestamp) {
        Contribution c = new Contribution();
        c.key = key;
        c.timestamp = timestamp;
        c.watermark = Long.MIN_VALUE;
        return c;
    }

    /** A sku whose key maps to the same slot as {@code key} (the combiner's slot: the mixed hash's low bits). */
    private static String objectInTheSameSlotAs(String key) {
        int slot = slot(key);
        for (int i = 0; ; i++) {
            String candidate = Contribution.key("sku", "SKU-" + i);
            if (slot(candidate) == slot) {
                return candidate;
            }
        }
    }

    private static int slot(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (ContributionCombiner.SLOTS - 1);
    }
}
