package io.fulcrum.kpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kpi.Aggregation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SerializersTest {

    @Test
    void contributionRoundTripKeepsEveryEntry() throws Exception {
        Contribution c = new Contribution();
        c.key = Contribution.key("sku", "SKU-1");
        c.timestamp = 1_000;
        c.watermark = 500;
        for (int i = 0; i < 7; i++) {   // past the initial capacity of 4
            c.add(i * 3, i + 0.5, i % 2 == 0 ? 0 : 2, i == 5 ? "carrier-A" : null);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        Contribution.Serializer.INSTANCE.serialize(c, out);
        Contribution read = Contribution.Serializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.toString()).isEqualTo(c.toString());
        assertThat(read.watermark).isEqualTo(500);
        assertThat(Contribution.objectType(read.key)).isEqualTo("sku");
        assertThat(Contribution.objectId(read.key)).isEqualTo("SKU-1");
    }

    @Test
    void objectWindowsRoundTripKeepsPanesRevisionsAndAccumulators() throws Exception {
        ObjectWindows w = new ObjectWindows();
        ObjectWindows.Pane p = new ObjectWindows.Pane(1, 3_600_000, 7_200_000, 3);
        p.accumulators[0] = KpiAccumulator.create(Aggregation.avg("q"));
        p.accumulators[0].add(2, 0, null);
        p.accumulators[0].add(5, 0, null);
        p.accumulators[2] = KpiAccumulator.create(Aggregation.distinctCount("c"));
        p.accumulators[2].add(0, 0, "x");
        p.emitted(0);
        p.emitted(0);
        p.emitted(0);
        p.markDirty(2);
        p.fired = true;
        w.panes.add(p);
        w.panes.add(new ObjectWindows.Pane(0, 0, 60_000, 1));

        DataOutputSerializer out = new DataOutputSerializer(64);
        ObjectWindows.Serializer.INSTANCE.serialize(w, out);
        ObjectWindows read = ObjectWindows.Serializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.panes).hasSize(2);
        ObjectWindows.Pane r = read.find(1, 3_600_000);
        assertThat(r.end).isEqualTo(7_200_000);
        assertThat(r.fired).isTrue();
        assertThat(new int[] {r.revision(0), r.revision(1), r.revision(2)}).containsExactly(2, -1, -1);
        assertThat(new boolean[] {r.isDirty(0), r.isDirty(1), r.isDirty(2)}).containsExactly(false, false, true);
        assertThat(r.accumulators[0].value()).isEqualTo(3.5);
        assertThat(r.accumulators[1]).isNull();
        assertThat(r.accumulators[2].value()).isEqualTo(1);
        assertThat(read.find(0, 0).fired).isFalse();
        assertThat(read.find(0, 60_000)).isNull();
    }
}
