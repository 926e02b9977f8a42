package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @Test
    void indexNamesEveryBundledFileInVersionOrder() throws IOException, URISyntaxException {
        Path dir = Paths.get(getClass().getClassLoader().getResource(Migrations.BUNDLED_LOCATION).toURI());
        List<String> onDisk;
        try (Stream<Path> files = Files.list(dir)) {
            onDisk = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted()
                    .collect(Collectors.toList());
        }
        List<String> bundled = Migrations.bundled().ordered().stream().map(Migration::fileName)
                .collect(Collectors.toList());
        assertThat(bundled).containsExactlyElementsOf(onDisk).containsExactly("V001__kpi_values.sql",
                "V002__impact_estimates.sql", "V003__kpi_alerts.sql", "V004__initiatives.sql",
                "V005__dead_letters.sql", "V006__reader_views.sql", "V007__kpi_alert_reason.sql");
        // the class path and the directory give the same checksums, so either source can verify the history
        assertThat(Migrations.bundled().ordered()).extracting(Migration::checksum).containsExactlyElementsOf(
                Migrations.fromDirectory(dir).ordered().stream().map(Migration::checksum).collect(Collectors.toList()));
    }

    @Test
    void everyBundledFileRendersCompletelyInBothLayouts() {
        for (Migration m : Migrations.bundled().ordered()) {
            for (DdlLayout layout : List.of(DdlLayout.singleNode(), DdlLayout.cluster("fulcrum"))) {
                assertThat(m.statements(layout)).as("%s for %s", m, layout).isNotEmpty()
                        .allSatisfy(s -> assertThat(s).doesNotContain("{{").doesNotContain("}}"));
            }
        }
    }

    @Test
    void tablesGetADistributedTwinOnlyOnACluster() {
        Migration kpiValues = Migrations.bundled().ordered().get(0);
        List<String> single = kpiValues.statements(DdlLayout.singleNode());
        List<String> cluster = kpiValues.statements(DdlLayout.cluster("fulcrum"));
        assertThat(single).hasSize(1);
        assertThat(single.get(0)).contains("CREATE TABLE IF NOT EXISTS kpi_values\n(")
                .contains("ENGINE = ReplacingMergeTree(revision)");
        assertThat(cluster).hasSize(2);
        assertThat(cluster.get(0)).contains("CREATE TABLE IF NOT EXISTS kpi_values_local ON CLUSTER 'fulcrum'\n(")
                .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', "
                        + "'{replica}', revision)");
        assertThat(cluster.get(1)).isEqualTo("CREATE TABLE IF NOT EXISTS kpi_values ON CLUSTER 'fulcrum' AS "
                + "kpi_values_local ENGINE = Distributed('fulcrum', currentDatabase(), 'kpi_values_local', "
                + "cityHash64(kpi_id, object_type, object_id))");
    }

    @Test
    void alertReasonColumnsReachTheStorageAndTheDistributedTableOnACluster() {
        Migration reason = Migrations.bundled().ordered().get(6);
        String add = " ADD COLUMN IF NOT EXISTS reason String DEFAULT '' AFTER resolved_at,\n"
                + "    ADD COLUMN IF NOT EXISTS flapping Bool DEFAULT false AFTER reason";
        List<String> single = reason.statements(DdlLayout.singleNode());
        assertThat(single).hasSize(3);
        assertThat(single.get(0)).endsWith("ALTER TABLE kpi_alerts\n   " + add);
        assertThat(single.get(1)).endsWith("ALTER TABLE kpi_alerts\n   " + add);
        assertThat(single.get(2)).contains("CREATE OR REPLACE VIEW kpi_alerts_open AS")
                .contains("updated_at, resolved_at, reason, flapping\n    FROM kpi_alerts FINAL");
        List<String> cluster = reason.statements(DdlLayout.cluster("fulcrum"));
        assertThat(cluster.get(0)).endsWith("ALTER TABLE kpi_alerts_local ON CLUSTER 'fulcrum'\n   " + add);
        assertThat(cluster.get(1)).endsWith("ALTER TABLE kpi_alerts ON CLUSTER 'fulcrum'\n   " + add);
        assertThat(cluster.get(2)).contains("CREATE OR REPLACE VIEW kpi_alerts_open ON CLUSTER 'fulcrum' AS");
    }

    @Test
    void duplicateVersionsAreRejectedNamingBothFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1");
        Files.writeString(dir.resolve("V01__b.sql"), "SELECT 2");
        assertThatThrownBy(() -> Migrations.fromDirectory(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share version 1").hasMessageContaining("V1__a.sql")
                .hasMessageContaining("V01__b.sql");
    }

    @Test
    void badFileNameIsRejectedWithTheExpectedPattern() {
        assertThatThrownBy(() -> Migration.of("create_tables.sql", "SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("migration file name 'create_tables.sql' does not follow V<version>__<description>.sql "
                        + "(for example V007__supplier_kpis.sql)");
    }

    @Test
    void directoryOrderIsByVersionNotByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V10__later.sql"), "SELECT 10");
        Files.writeString(dir.resolve("V9__earlier.sql"), "SELECT 9");
        assertThat(Migrations.fromDirectory(dir).ordered()).extracting(Migration::fileName)
                .containsExactly("V9__earlier.sql", "V10__later.sql");
    }
}
