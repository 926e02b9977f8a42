package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import io.fulcrum.connect.clickhouse.internal.ClientBatchInserter;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.KpiValue;
import java.time.Instant;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class RowMappingTest {

    @Test
    void kpiValueMapsOntoTheColumnsOfV001() throws Exception {
        KpiValue value = KpiValue.newBuilder().setKpiId("otif")
                .setObject(BusinessObjectRef.newBuilder().setType("route").setId("DE-FR").build())
                .setWindowStart(Instant.parse("2026-11-02T00:00:00Z")).setWindowEnd(Instant.parse("2026-11-03T00:00:00Z"))
                .setValue(0.75).setNumerator(3.0).setDenominator(4.0).setSampleCount(4).setRevision(2)
                .setComputedAt(Instant.parse("2026-11-03T00:00:05Z")).build();
        RowMapping<KpiValue> mapping = InstantiationUtil.clone(FulcrumTables.kpiValues());
        assertThat(mapping.table()).isEqualTo("kpi_values");
        assertThat(mapping.columns()).containsExactly("kpi_id", "object_type", "object_id", "window_start",
                "window_end", "value", "numerator", "denominator", "sample_count", "revision", "computed_at");
        assertThat(mapping.values(value)).containsExactly("otif", "route", "DE-FR",
                Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"), 0.75, 3.0, 4.0, 4L, 2,
                Instant.parse("2026-11-03T00:00:05Z"));
    }

    @Test
    void builderRejectsDuplicatesOddNamesAndEmptyMappings() {
        assertThatThrownBy(() -> RowMapping.<String>into("t").column("a", s -> s).column("a", s -> s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'a' of table t is mapped twice; map each column once");
        assertThatThrownBy(() -> RowMapping.<String>into("t; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("table name 't; DROP TABLE x' is not a plain identifier");
        assertThatThrownBy(() -> RowMapping.<String>into("t").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mapping into table t has no column; add at least one with column(name, value)");
    }

    @Test
    void projectionFollowsMappingOrderAndNamesEveryMisfit() throws Exception {
        TableSchema table = new TableSchema("t", null, "db", List.of(ClickHouseColumn.of("a", "String"),
                ClickHouseColumn.of("b", "UInt32"), ClickHouseColumn.of("c", "Float64")));
        RowMapping<String> fits = RowMapping.<String>into("t").column("c", s -> 1.0).column("a", s -> s)
                .column("b", s -> 1).build();
        assertThat(ClientBatchInserter.project(table, fits).getColumns())
                .extracting(ClickHouseColumn::getColumnName, ClickHouseColumn::getOriginalTypeName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", "Float64"),
                        org.assertj.core.groups.Tuple.tuple("a", "String"),
                        org.assertj.core.groups.Tuple.tuple("b", "UInt32"));

        RowMapping<String> misfit = RowMapping.<String>into("t").column("a", s -> s).column("x", s -> s).build();
        assertThatThrownBy(() -> ClientBatchInserter.project(table, misfit))
                .isInstanceOf(ClickHouseSchemaMismatchException.class)
                .hasMessage("Table t does not fit its RowMapping: mapped columns [x] are not in the table; table "
                        + "columns [b, c] are neither mapped nor have a default; the table has [a, b, c]. Run the "
                        + "migrations (Migrator) that match this version of Fulcrum, or align the mapping.");
    }
}
