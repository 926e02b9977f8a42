package io.fulcrum.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KpiDefinitionLoaderTest {

    private static final String VALID = String.join("\n",
            "id: fill_rate",
            "name: Fill rate",
            "description: Delivered over ordered quantity",
            "unit: ratio",
            "objectType: supplier",
            "filter:",
            "  eventTypes: [shipment_delivered]",
            "  where:",
            "    - {attribute: mode, equals: road}",
            "    - {attribute: carrier, in: [A, B]}",
            "    - {attribute: status, notEquals: cancelled}",
            "    - {attribute: promised_date, exists: true}",
            "aggregation: {type: ratio, numerator: qty_delivered, denominator: qty_ordered}",
            "window: {type: hopping, size: 1d, slide: 1h}",
            "allowedLateness: 2h",
            "direction: higher-is-better",
            "target: 0.98",
            "thresholds: {warning: 0.95, critical: 0.9}",
            "rollup: {objectType: country, attribute: supplier_country}",
            "");

    private final KpiDefinitionLoader loader = KpiDefinitionLoader.withCatalog(TestEvents.CATALOG);

    @Test
    void readsEveryFieldOfAFullDefinition() {
        KpiDefinition k = loader.parse("fill_rate.yaml", VALID).get(0);

        KpiDefinition expected = KpiDefinition.builder()
                .id("fill_rate").name("Fill rate").description("Delivered over ordered quantity").unit("ratio")
                .objectType("supplier")
                .filter(EventFilter.of(Set.of("shipment_delivered"), List.of(
                        AttributePredicate.equalTo("mode", "road"),
                        AttributePredicate.in("carrier", List.of("A", "B")),
                        AttributePredicate.notEqualTo("status", "cancelled"),
                        AttributePredicate.exists("promised_date"))))
                .aggregation(Aggregation.ratioOfMeasures("qty_delivered", "qty_ordered"))
                .window(KpiWindow.hopping(Duration.ofDays(1), Duration.ofHours(1)))
                .allowedLateness(Duration.ofHours(2))
                .direction(Direction.HIGHER_IS_BETTER)
                .target(0.98)
                .thresholds(Thresholds.of(0.95, 0.9, Direction.HIGHER_IS_BETTER))
                .rollup(Rollup.to("country", "supplier_country"))
                .build();
        assertThat(k).isEqualTo(expected);
        assertThat(k.target()).hasValue(0.98);
    }

    @Test
    void loadsEveryKindOfAggregationFromADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID.replace("id: fill_rate", "id: fill_rate_daily"));
        Files.copy(Path.of(getClass().getResource("/kpis/engine-test.yaml").toURI()), dir.resolve("b.yml"));

        List<KpiDefinition> kpis = loader.load(dir);

        assertThat(kpis).extracting(KpiDefinition::id).containsExactly("fill_rate_daily", "deliveries",
                "qty_delivered", "lead_time_avg", "lead_time_min_ab", "lead_time_max_not_c", "fill_rate", "otif", "carriers",
                "lead_time_p90", "events");
        assertThat(kpis.get(9).aggregation()).isEqualTo(Aggregation.quantile("lead_time_h", 0.9));
        assertThat(kpis.get(8).aggregation()).isEqualTo(Aggregation.distinctCount("carrier"));
        assertThat(kpis.get(7).aggregation()).isEqualTo(Aggregation.ratioOfMatching(List.of(
                AttributePredicate.equalTo("on_time", "true"), AttributePredicate.equalTo("in_full", "true"))));
        assertThat(kpis.get(1).allowedLateness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(kpis.get(2).allowedLateness()).isEqualTo(Duration.ZERO);
        assertThat(kpis.get(3).window()).isEqualTo(KpiWindow.hopping(Duration.ofHours(2), Duration.ofHours(1)));
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                Arguments.of("unknown field", VALID.replace("unit: ratio", "units: ratio"),
                        "bad.yaml: KPI 'fill_rate', field 'units': unknown field: remove it or use one of [aggregation,"
                                + " allowedLateness, description, direction, filter, id, name, objectType, rollup,"
                                + " target, thresholds, unit, window]"),
                Arguments.of("unknown nested field", VALID.replace("slide: 1h", "slide: 1h, offset: 2h"),
                        "bad.yaml: KPI 'fill_rate', field 'window.offset': unknown field: remove it or use one of"
                                + " [size, slide, type]"),
                Arguments.of("bad duration", VALID.replace("allowedLateness: 2h", "allowedLateness: 2 hours"),
                        "bad.yaml: KPI 'fill_rate', field 'allowedLateness': '2 hours' is not a duration: write a"
                                + " whole number and a unit ms, s, m, h, d or w, e.g. 1h or 30m"),
                Arguments.of("bad window size", VALID.replace("size: 1d", "size: 1y"),
                        "bad.yaml: KPI 'fill_rate', field 'window.size': '1y' is not a duration: write a whole"
                                + " number and a unit ms, s, m, h, d or w, e.g. 1h or 30m"),
                Arguments.of("slide not dividing size", VALID.replace("slide: 1h", "slide: 7h"),
                        "bad.yaml: KPI 'fill_rate', field 'window.slide': window size PT24H is not a whole multiple"
                                + " of slide PT7H: use e.g. size 1d with slide 1h"),
                Arguments.of("unknown measure", VALID.replace("numerator: qty_delivered", "numerator: qty_shipped"),
                        "bad.yaml: KPI 'fill_rate', field 'aggregation.numerator': measure 'qty_shipped' is provided"
                                + " by no source for event types [shipment_delivered] (provided: lead_time_h,"
                                + " qty_delivered, qty_ordered): fix the measure name or the filter's eventTypes"),
                Arguments.of("measure of another event type",
                        VALID.replace("numerator: qty_delivered", "numerator: defects"),
                        "bad.yaml: KPI 'fill_rate', field 'aggregation.numerator': measure 'defects' is provided"
                                + " by no source for event types [shipment_delivered] (provided: lead_time_h,"
                                + " qty_delivered, qty_ordered): fix the measure name or the filter's eventTypes"),
                Arguments.of("unknown aggregation", VALID.replace("type: ratio, numerator: qty_delivered,"
                                + " denominator: qty_ordered", "type: median, measure: qty_ordered"),
                        "bad.yaml: KPI 'fill_rate', field 'aggregation.type': 'median' is not an aggregation: use"
                                + " one of count, sum, avg, min, max, ratio, distinct-count, quantile"),
                Arguments.of("field of another aggregation", VALID.replace("denominator: qty_ordered",
                                "denominator: qty_ordered, quantile: p90"),
                        "bad.yaml: KPI 'fill_rate', field 'aggregation.quantile': does not apply to aggregation"
                                + " type ratio: its fields are [denominator, matching, numerator, type]"),
                Arguments.of("bad direction", VALID.replace("higher-is-better", "up"),
                        "bad.yaml: KPI 'fill_rate', field 'direction': direction 'up' is not known: use"
                                + " higher-is-better or lower-is-better"),
                Arguments.of("missing required field", VALID.replace("objectType: supplier\n", ""),
                        "bad.yaml: KPI 'fill_rate', field 'objectType': required field is missing"),
                Arguments.of("thresholds against direction", VALID.replace("critical: 0.9", "critical: 0.99"),
                        "bad.yaml: KPI 'fill_rate', field 'thresholds': critical 0.99 is above warning 0.95 for a"
                                + " higher-is-better KPI: critical must be the lower level"),
                Arguments.of("bad quantile", VALID.replace("type: ratio, numerator: qty_delivered, denominator:"
                                + " qty_ordered", "type: quantile, measure: lead_time_h, quantile: p100"),
                        "bad.yaml: KPI 'fill_rate', field 'aggregation.quantile': 'p100' is not a quantile: use"
                                + " p50, p90, p95, p99 or a number between 0 and 1"),
                Arguments.of("filter operator missing", VALID.replace("{attribute: mode, equals: road}",
                                "{attribute: mode}"),
                        "bad.yaml: KPI 'fill_rate', field 'filter.where[0]': needs exactly one of equals, in,"
                                + " notEquals, exists; found []"),
                Arguments.of("bad id", VALID.replace("id: fill_rate", "id: Fill Rate"),
                        "bad.yaml: KPI 'Fill Rate', field 'id': KPI id 'Fill Rate' is not valid: use lower-case"
                                + " letters, digits, _ and -, starting with a letter (e.g. fill_rate)"),
                Arguments.of("not YAML", "id: [unclosed",
                        "bad.yaml: KPI '?', field '-': not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void eachValidationErrorNamesFileKpiAndField(String caseName, String yaml, String message) {
        assertThatThrownBy(() -> loader.parse("bad.yaml", yaml))
                .isInstanceOf(KpiConfigurationException.class)
                .satisfies(e -> assertThat(((KpiConfigurationException) e).problems()).hasSize(1))
                .satisfies(e -> assertThat(((KpiConfigurationException) e).problems().get(0).toString())
                        .startsWith(message));
    }

    @Test
    void reportsAllProblemsOfAFileAtOnce() {
        String yaml = VALID.replace("unit: ratio", "units: ratio").replace("allowedLateness: 2h",
                "allowedLateness: soon");

        assertThatThrownBy(() -> loader.parse("bad.yaml", yaml))
                .isInstanceOf(KpiConfigurationException.class)
                .hasMessageStartingWith("2 problem(s) in KPI definitions:\n  bad.yaml: KPI 'fill_rate', field 'units'")
                .hasMessageContaining("\n  bad.yaml: KPI 'fill_rate', field 'allowedLateness': 'soon' is not a duration");
    }

    @Test
    void rejectsADuplicateIdAcrossFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);
        Files.writeString(dir.resolve("b.yaml"), VALID.replace("name: Fill rate", "name: Fill rate again"));

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(KpiConfigurationException.class)
                .hasMessageContaining(dir.resolve("b.yaml") + ": KPI 'fill_rate', field 'id': KPI id 'fill_rate' is"
                        + " already defined in " + dir.resolve("a.yaml") + ": give each KPI its own id");
    }

    @Test
    void rejectsAnEmptyDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(KpiConfigurationException.class)
                .hasMessageContaining(dir + ": KPI '?', field '-': no KPI definitions found");
    }

    @Test
    void theExampleInTheReadmeLoads() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        List<KpiDefinition> kpis = loader.parse("README.md", yaml);

        assertThat(kpis).extracting(KpiDefinition::id).containsExactly("otif", "lead_time_p90");
        assertThat(kpis.get(0).filter().conditions()).hasSize(4);
        assertThat(kpis.get(0).rollup()).contains(Rollup.to("region", "origin_region"));
        assertThat(kpis.get(1).aggregation()).isEqualTo(Aggregation.quantile("lead_time_h", 0.9));
    }

    @Test
    void parsesDurationsInEveryUnitAndIso8601() {
        assertThat(KpiDefinitionLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(KpiDefinitionLoader.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(KpiDefinitionLoader.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(KpiDefinitionLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(KpiDefinitionLoader.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(KpiDefinitionLoader.parseDuration("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(KpiDefinitionLoader.parseDuration("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    }
}
