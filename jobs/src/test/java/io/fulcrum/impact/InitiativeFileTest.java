package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiDefinitionLoader;
import io.fulcrum.kpi.MeasureCatalog;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.ExpectedDirection;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiTarget;
import io.fulcrum.schema.ObjectSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitiativeFileTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private static final List<KpiDefinition> KPIS = KpiDefinitionLoader.withCatalog(MeasureCatalog.builder()
            .eventType("shipment_delivered", "otif").build()).parse("kpis.yaml", String.join("\n",
            "kpis:",
            "  - id: otif_route",
            "    name: OTIF per lane",
            "    objectType: route",
            "    filter: {eventTypes: [shipment_delivered]}",
            "    aggregation: {type: avg, measure: otif}",
            "    window: {type: tumbling, size: 1d}",
            "    direction: higher-is-better",
            ""));

    private static final String VALID = String.join("\n",
            "id: defr-carrier-b",
            "title: Switch lane DE-FR to carrier B",
            "owner: Transport EU",
            "status: active",
            "start: 2026-10-05T00:00:00Z",
            "end: 2027-01-01T00:00:00Z",
            "rampUp: 2w",
            "targets:",
            "  - {kpi: otif_route, direction: towards-target, target: 0.95}",
            "scope:",
            "  objects: [{type: route, id: DE-FR}]",
            "  selectors: [{objectType: route, attributes: {origin: DE}}]",
            "controls: [{type: route, id: DE-IT}]",
            "");

    @TempDir Path dir;

    @Test
    void everyFieldIsRead() throws IOException {
        Initiative i = load(VALID);

        assertThat(i.getInitiativeId()).isEqualTo("defr-carrier-b");
        assertThat(i.getTitle()).isEqualTo("Switch lane DE-FR to carrier B");
        assertThat(i.getOwner()).isEqualTo("Transport EU");
        assertThat(i.getStatus()).isEqualTo(InitiativeStatus.ACTIVE);
        assertThat(i.getStartTime()).isEqualTo(Instant.parse("2026-10-05T00:00:00Z"));
        assertThat(i.getEndTime()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(i.getRampUpMillis()).isEqualTo(Duration.ofDays(14).toMillis());
        assertThat(i.getTargetKpis()).containsExactly(
                new KpiTarget("otif_route", ExpectedDirection.TOWARDS_TARGET, 0.95));
        assertThat(i.getScope().getObjects()).containsExactly(new BusinessObjectRef("route", "DE-FR"));
        assertThat(i.getScope().getSelectors()).containsExactly(new ObjectSelector("route", Map.of("origin", "DE")));
        assertThat(i.getControlObjects()).containsExactly(new BusinessObjectRef("route", "DE-IT"));
        assertThat(i.getUpdatedAt()).isEqualTo(NOW.instant());
    }

    @Test
    void unknownKpiIsNamedWithTheKnownOnes() throws IOException {
        assertThatThrownBy(() -> load(VALID.replace("kpi: otif_route", "kpi: otif")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("i.yaml") + ": field 'targets[0].kpi': unknown KPI 'otif'; known: "
                        + "[otif_route]");
    }

    @Test
    void objectOfAnotherTypeThanTheKpisIsRejected() throws IOException {
        assertThatThrownBy(() -> load(VALID.replace("{type: route, id: DE-FR}", "{type: plant, id: P-1}")))
                .hasMessage(dir.resolve("i.yaml") + ": field 'scope.objects[0].type': object type 'plant' is not "
                        + "what the target KPIs are computed for [route]; name objects of that type, or target a "
                        + "KPI computed for 'plant'");
    }

    @Test
    void badValuesNameFieldAndFix() throws IOException {
        assertThatThrownBy(() -> load(VALID.replace("status: active", "status: running")))
                .hasMessageEndingWith("field 'status': 'running' is not one of [planned, active, completed, "
                        + "cancelled]");
        assertThatThrownBy(() -> load(VALID.replace("start: 2026-10-05T00:00:00Z", "start: 5 Oct")))
                .hasMessageEndingWith("field 'start': '5 Oct' is not an ISO-8601 instant; write e.g. "
                        + "2026-10-05T00:00:00Z");
        assertThatThrownBy(() -> load(VALID.replace("end: 2027-01-01T00:00:00Z", "end: 2026-01-01T00:00:00Z")))
                .hasMessageEndingWith("field 'end': '2026-01-01T00:00:00Z' is not after start "
                        + "'2026-10-05T00:00:00Z'");
        assertThatThrownBy(() -> load(VALID.replace("rampUp: 2w", "rampUp: two weeks")))
                .hasMessageEndingWith("field 'rampUp': 'two weeks' is not a duration: write a whole number and a "
                        + "unit ms, s, m, h, d or w, e.g. 1h or 30m");
        assertThatThrownBy(() -> load(VALID.replace("owner: Transport EU", "owner: Transport EU\nbudget: 10")))
                .hasMessageEndingWith("field 'budget': unknown field; allowed here: [controls, end, id, owner, "
                        + "rampUp, scope, start, status, targets, title]");
        assertThatThrownBy(() -> load(VALID.replace("direction: towards-target, target: 0.95",
                "direction: towards-target")))
                .hasMessageEndingWith("field 'targets[0].target': is required with direction towards-target");
    }

    private Initiative load(String yaml) throws IOException {
        Path file = dir.resolve("i.yaml");
        Files.writeString(file, yaml);
        return InitiativeFile.load(file, KPIS, NOW);
    }
}
