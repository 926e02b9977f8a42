package io.fulcrum.kpi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.kpi.Aggregation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KpiAccumulatorTest {

    @Test
    void combinedContributionsCountEveryEventTheyStandFor() {
        // events 2, 3.5 and 6 (numerators) over 4, 4 and 8: combined upstream into sums, a minimum and a maximum
        KpiAccumulator avg = KpiAccumulator.create(Aggregation.avg("q"));
        avg.add(2, 0, null);
        avg.add(9.5, 0, null, 2);
        KpiAccumulator min = KpiAccumulator.create(Aggregation.min("q"));
        min.add(3.5, 0, null, 2);
        min.add(6, 0, null);
        KpiAccumulator ratio = KpiAccumulator.create(Aggregation.ratioOfMeasures("n", "d"));
        ratio.add(11.5, 16, null, 3);
        KpiAccumulator count = KpiAccumulator.create(Aggregation.count());
        count.add(0, 0, null, 3);

        assertThat(avg.value()).isEqualTo(11.5 / 3);
        assertThat(avg.count()).isEqualTo(3);
        assertThat(min.value()).isEqualTo(3.5);
        assertThat(min.count()).isEqualTo(3);
        assertThat(ratio.value()).isEqualTo(11.5 / 16);
        assertThat(ratio.count()).isEqualTo(3);
        assertThat(count.value()).isEqualTo(3);
    }

    @Test
    void sketchesRejectCombinedContributions() {
        KpiAccumulator distinct = KpiAccumulator.create(Aggregation.distinctCount("customer"));

        assertThatThrownBy(() -> distinct.add(0, 0, "C-1", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a distinct-count accumulator takes one event at a time, got a contribution of 2"
                        + " combined events: sketches cannot be combined upstream");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1_000, 20_000, 300_000})
    void distinctCountIsWithinTwoPercentOfTheExactCount(int distinct) {
        KpiAccumulator acc = KpiAccumulator.create(Aggregation.distinctCount("customer"));
        Random r = new Random(distinct);
        for (int i = 0; i < distinct * 3; i++) {
            acc.add(0, 0, "C-" + (i < distinct ? i : r.nextInt(distinct)));  // every value, then repeats
        }
        assertThat(Math.abs(acc.value() - distinct)).isLessThanOrEqualTo(0.02 * distinct);
        assertThat(acc.count()).isEqualTo(distinct * 3L);
    }

    @Test
    void distinctCountStateStaysBoundedWhateverTheCardinality() throws Exception {
        KpiAccumulator acc = KpiAccumulator.create(Aggregation.distinctCount("customer"));
        for (int i = 0; i < 1_000_000; i++) {
            acc.add(0, 0, "C-" + i);
        }
        DataOutputSerializer out = new DataOutputSerializer(1024);
        acc.write(out);
        // HLL_4 with lgK 14: 2^14 4-bit registers = 8 KiB, plus a small header and exception table.
        assertThat(out.length()).isLessThan(8 * 1024 + 512);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.95, 0.99})
    void quantileRankErrorIsWithinOnePercent(double q) {
        KpiAccumulator acc = KpiAccumulator.create(Aggregation.quantile("lead_time_h", q));
        Random r = new Random(7);
        double[] values = new double[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(r.nextGaussian()) * 24;  // skewed like lead times
            acc.add(values[i], 0, null);
        }
        Arrays.sort(values);
        double estimate = acc.value();
        double rank = (double) countAtMost(values, estimate) / values.length;
        assertThat(rank).isCloseTo(q, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void exactAggregationsOfAHandWorkedWindow() {
        double[] qty = {4, 1, 7.5, 2};
        assertThat(fold(Aggregation.count(), qty).value()).isEqualTo(4);
        assertThat(fold(Aggregation.sum("q"), qty).value()).isEqualTo(14.5);
        assertThat(fold(Aggregation.avg("q"), qty).value()).isEqualTo(3.625);
        assertThat(fold(Aggregation.min("q"), qty).value()).isEqualTo(1);
        assertThat(fold(Aggregation.max("q"), qty).value()).isEqualTo(7.5);
        KpiAccumulator ratio = KpiAccumulator.create(Aggregation.ratioOfMeasures("d", "o"));
        ratio.add(9, 10, null);
        ratio.add(20, 20, null);
        ratio.add(0, 10, null);
        assertThat(ratio.value()).isEqualTo(29.0 / 40);
        assertThat(ratio.numerator()).isEqualTo(29);
        assertThat(ratio.denominator()).isEqualTo(40);
        KpiAccumulator zero = KpiAccumulator.create(Aggregation.ratioOfMeasures("d", "o"));
        zero.add(0, 0, null);
        assertThat(zero.value()).isNaN();
    }

    @Test
    void everyAccumulatorSurvivesASerializationRoundTripAndCopy() throws Exception {
        List<Aggregation> all = List.of(Aggregation.count(), Aggregation.sum("q"), Aggregation.avg("q"),
                Aggregation.min("q"), Aggregation.max("q"), Aggregation.ratioOfMeasures("a", "b"),
                Aggregation.distinctCount("c"), Aggregation.quantile("q", 0.9));
        Random r = new Random(3);
        for (Aggregation a : all) {
            KpiAccumulator acc = KpiAccumulator.create(a);
            for (int i = 0; i < 500; i++) {
                acc.add(r.nextInt(100), 1 + r.nextInt(3), "v" + r.nextInt(50));
            }
            DataOutputSerializer out = new DataOutputSerializer(256);
            acc.write(out);
            KpiAccumulator read = KpiAccumulator.read(new DataInputDeserializer(out.getCopyOfBuffer()));
            KpiAccumulator copy = acc.copy();
            for (KpiAccumulator other : List.of(read, copy)) {
                assertThat(other.value()).as(a.toString()).isEqualTo(acc.value());
                assertThat(other.count()).as(a.toString()).isEqualTo(acc.count());
                assertThat(Double.valueOf(other.numerator())).as(a.toString()).isEqualTo(Double.valueOf(acc.numerator()));
                // the copy is deep: adding to it leaves the original alone
                other.add(1000, 1, "new");
                assertThat(other.count()).isEqualTo(acc.count() + 1);
            }
        }
    }

    private static KpiAccumulator fold(Aggregation a, double[] values) {
        KpiAccumulator acc = KpiAccumulator.create(a);
        for (double v : values) {
            acc.add(v, 0, null);
        }
        return acc;
    }

    private static int countAtMost(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == x) {
            i++;
        }
        return i + 1;
    }
}
