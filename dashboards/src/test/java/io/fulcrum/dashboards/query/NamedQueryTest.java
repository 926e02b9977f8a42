package io.fulcrum.dashboards.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedQueryTest {

    @Test
    void placeholdersBecomePositionalParametersInOrderOfAppearance() {
        NamedQuery q = NamedQuery.of("q", "SELECT 1 FROM t WHERE a = {kpi_id:String} AND b IN "
                + "{ids:Array(String)} AND c = {kpi_id:String} AND d = '{not:a param'");

        assertThat(q.jdbcSql()).isEqualTo("SELECT 1 FROM t WHERE a = ? AND b IN ? AND c = ? AND d = '{not:a param'");
        assertThat(q.parameters()).containsExactly("kpi_id", "ids", "kpi_id");
        assertThat(q.sql()).contains("{kpi_id:String}");
    }

    @Test
    void bundledQueriesDeclareTheParametersTheReaderBinds() {
        assertThat(NamedQuery.bundled("kpis").parameters()).isEmpty();
        assertThat(NamedQuery.bundled("kpi_series").parameters())
                .containsExactly("kpi_id", "kpi_id", "max_objects");
        assertThat(NamedQuery.bundled("kpi_series_of_object").parameters())
                .containsExactly("kpi_id", "object_type", "object_id");
        assertThat(NamedQuery.bundled("treated_vs_control").parameters()).containsExactly("initiative_id", "kpi_id");
    }

    @Test
    void unknownQueryNamesTheResource() {
        assertThatThrownBy(() -> NamedQuery.bundled("kpi_seires"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No reader query 'kpi_seires': expected the resource "
                        + "/io/fulcrum/dashboards/queries/kpi_seires.sql in the fulcrum-dashboards jar");
    }

    @Test
    void missingParameterValueIsNamedBeforeAnyConnectionIsUsed() {
        NamedQuery q = NamedQuery.bundled("kpi_series");
        assertThatThrownBy(() -> q.prepare(null, Map.of("kpi", "otif")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Reader query 'kpi_series' needs a value for parameter 'kpi_id', got [kpi]: "
                        + "pass every parameter of [kpi_id, kpi_id, max_objects]");
    }
}
