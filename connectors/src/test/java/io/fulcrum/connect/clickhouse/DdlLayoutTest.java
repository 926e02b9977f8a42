package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DdlLayoutTest {

    private static final String TEMPLATE = "CREATE TABLE IF NOT EXISTS {{LOCAL:t}}{{ON_CLUSTER}} (k String, r UInt32) "
            + "ENGINE = {{ENGINE:ReplacingMergeTree(r)}} ORDER BY k;\n{{DISTRIBUTED:t:cityHash64(k)}};";

    @Test
    void singleNodeDropsEveryClusterPart() {
        assertThat(DdlLayout.singleNode().render(TEMPLATE, "V1__t.sql")).isEqualTo(
                "CREATE TABLE IF NOT EXISTS t (k String, r UInt32) ENGINE = ReplacingMergeTree(r) ORDER BY k;\n;");
    }

    @Test
    void clusterUsesReplicatedLocalTablesBehindADistributedOne() {
        assertThat(DdlLayout.cluster("prod").render(TEMPLATE, "V1__t.sql")).isEqualTo(
                "CREATE TABLE IF NOT EXISTS t_local ON CLUSTER 'prod' (k String, r UInt32) ENGINE = "
                        + "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', r)"
                        + " ORDER BY k;\nCREATE TABLE IF NOT EXISTS t ON CLUSTER 'prod' AS t_local ENGINE = "
                        + "Distributed('prod', currentDatabase(), 't_local', cityHash64(k));");
    }

    @Test
    void engineWithoutArgumentsAndGlobalEngine() {
        DdlLayout cluster = DdlLayout.cluster("c1");
        assertThat(cluster.render("{{ENGINE:ReplacingMergeTree}}", "x"))
                .isEqualTo("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')");
        assertThat(cluster.render("{{GLOBAL_ENGINE:MergeTree()}}", "x"))
                .isEqualTo("ReplicatedMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}')");
        assertThat(DdlLayout.singleNode().render("{{GLOBAL_ENGINE:MergeTree()}}", "x")).isEqualTo("MergeTree()");
    }

    @Test
    void unknownPlaceholderNamesTheSourceAndThePlaceholder() {
        assertThatThrownBy(() -> DdlLayout.singleNode().render("SELECT {{TABLE:x}}", "V9__bad.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("V9__bad.sql: unknown placeholder {{TABLE:x}}");
    }

    @Test
    void nonMergeTreeEngineCannotBeReplicated() {
        assertThatThrownBy(() -> DdlLayout.cluster("c").render("{{ENGINE:Log}}", "V2__log.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("V2__log.sql: {{ENGINE:Log}} names no MergeTree-family engine; only those have a "
                        + "Replicated variant");
    }

    @Test
    void distributedNeedsTableAndKeyInBothLayouts() {
        assertThatThrownBy(() -> DdlLayout.singleNode().render("{{DISTRIBUTED:t}}", "V3__d.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("V3__d.sql: {{DISTRIBUTED:t}} needs a table and a sharding key");
    }

    @Test
    void clusterNameMustBeAPlainName() {
        assertThatThrownBy(() -> DdlLayout.cluster("prod'; DROP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ClickHouse cluster name 'prod'; DROP' is not a plain name");
    }
}
