package io.fulcrum.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiDefinitionLoader;
import io.fulcrum.kpi.MeasureCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertConfigLoaderTest {

    @TempDir
    Path dir;

    private Map<String, KpiDefinition> definitions() throws Exception {
        Path kpis = dir.resolve("kpis.yaml");
        Files.writeString(kpis, String.join("\n",
                "kpis:",
                "  - id: otif",
                "    name: OTIF",
                "    unit: ratio",
                "    objectType: route",
                "    filter: {eventTypes: [shipment_delivered]}",
                "    aggregation: {type: sum, measure: qty_delivered}",
                "    window: {type: tumbling, size: 1h}",
                "    direction: higher-is-better",
                "    thresholds: {warning: 0.95, critical: 0.9}",
                "  - id: adherence",
                "    name: Schedule adherence",
                "    unit: ratio",
                "    objectType: route",
                "    filter: {eventTypes: [shipment_delivered]}",
                "    aggregation: {type: sum, measure: qty_delivered}",
                "    window: {type: tumbling, size: 1d}",
                "    direction: higher-is-better",
                ""));
        MeasureCatalog catalog = MeasureCatalog.builder().eventType("shipment_delivered", "qty_delivered").build();
        return KpiDefinitionLoader.withCatalog(catalog).load(kpis).stream()
                .collect(Collectors.toMap(KpiDefinition::id, Function.identity()));
    }

    private AlertConfig load(String... lines) throws Exception {
        Map<String, KpiDefinition> definitions = definitions();
        Files.writeString(dir.resolve("alerts.yaml"), String.join("\n", lines) + "\n");
        return AlertConfigLoader.load(dir, definitions);
    }

    @Test
    void readsPoliciesSilencesAndRetention() throws Exception {
        AlertConfig config = load(
                "alerts:",
                "  otif:",
                "    robust: {}",
                "    ewma: {l: 4, criticalL: 6}",
                "    lifecycle: {openAfter: 3, flapChanges: 5}",
                "  adherence:",
                "    direction: closer-to-target-is-better",
                "    thresholds: {target: 1.0, warning: 0.05, critical: 0.1}",
                "    seasonal: {period: 7d, seasons: 3, minSeasons: 2}",
                "    revisionHorizon: 6",
                "    guardrail: false",
                "silences:",
                "  - {kpi: otif, object: DE-FR, from: 2026-01-05T00:00:00Z, until: 2026-01-06T00:00:00Z, reason: works}",
                "idleRetention: 40d");
        AlertPolicy otif = config.policy("otif").orElseThrow();
        assertThat(otif.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(otif.label()).isEqualTo(KpiLabel.of("OTIF", "ratio"));
        assertThat(otif.detectors()).extracting(Detector::rule).containsExactly("threshold", "robust", "ewma");
        assertThat(((ThresholdDetector) otif.detectors().get(0)).critical()).hasValue(0.9);
        assertThat(((RobustBaselineDetector) otif.detectors().get(1)).windows()).isEqualTo(48);
        EwmaDetector ewma = (EwmaDetector) otif.detectors().get(2);
        assertThat(ewma.l()).isEqualTo(4);
        assertThat(ewma.criticalL()).isEqualTo(6);
        assertThat(ewma.baselineWindows()).isEqualTo(72);
        assertThat(otif.lifecycle().openAfter()).isEqualTo(3);
        assertThat(otif.lifecycle().resolveAfter()).isEqualTo(3);
        assertThat(otif.lifecycle().flapWindow()).isEqualTo(10);
        assertThat(otif.lifecycle().flapChanges()).isEqualTo(5);
        assertThat(otif.guardrail()).isTrue();

        AlertPolicy adherence = config.policy("adherence").orElseThrow();
        assertThat(adherence.direction()).isEqualTo(Direction.CLOSER_TO_TARGET_IS_BETTER);
        assertThat(adherence.detectors()).extracting(Detector::rule).containsExactly("threshold", "seasonal");
        assertThat(((ThresholdDetector) adherence.detectors().get(0)).target()).hasValue(1.0);
        SeasonalBaselineDetector seasonal = (SeasonalBaselineDetector) adherence.detectors().get(1);
        assertThat(seasonal.period()).isEqualTo(Duration.ofDays(7));
        assertThat(seasonal.seasons()).isEqualTo(3);
        assertThat(seasonal.minSeasons()).isEqualTo(2);
        assertThat(adherence.revisionHorizon()).isEqualTo(6);
        assertThat(adherence.guardrail()).isFalse();

        assertThat(config.silences()).singleElement().satisfies(s -> {
            assertThat(s.covers("otif", "DE-FR", "robust", Instant.parse("2026-01-05T12:00:00Z"))).isTrue();
            assertThat(s.covers("otif", "DE-IT", "robust", Instant.parse("2026-01-05T12:00:00Z"))).isFalse();
        });
        assertThat(config.idleRetention()).isEqualTo(Duration.ofDays(40));
    }

    @Test
    void noFileMeansNoAlerts() throws Exception {
        assertThat(AlertConfigLoader.load(dir, definitions()).policies()).isEmpty();
    }

    @Test
    void errorsNameFileFieldAndFix() throws Exception {
        Path file = dir.resolve("alerts.yaml");
        assertThatThrownBy(() -> load("alerts:", "  otif:", "    robust: {window: 48}"))
                .isInstanceOf(AlertConfigurationException.class)
                .hasMessage(file + ": field 'alerts.otif.robust.window': unknown field; allowed here: "
                        + "[criticalK, k, minWindows, windows]");
        assertThatThrownBy(() -> load("alerts:", "  fill_rate:", "    robust: {}"))
                .isInstanceOf(AlertConfigurationException.class)
                .hasMessage(file + ": field 'alerts.fill_rate': KPI 'fill_rate' is not defined; use one of "
                        + "[adherence, otif] or define it in kpis/");
        assertThatThrownBy(() -> load("alerts:", "  otif:", "    robust: {k: 0}"))
                .isInstanceOf(AlertConfigurationException.class)
                .hasMessage(file + ": field 'alerts.otif.robust': robust.k = 0.0 is invalid: must be a finite number > 0");
        assertThatThrownBy(() -> load("alerts:", "  otif:", "    seasonal: {period: weekly}"))
                .isInstanceOf(AlertConfigurationException.class)
                .hasMessage(file + ": field 'alerts.otif.seasonal.period': 'weekly' is not a duration: write a whole "
                        + "number and a unit ms, s, m, h, d or w, e.g. 1h or 30m");
        assertThatThrownBy(() -> load("alerts:", "  otif:", "    thresholds: {warning: 0.9, critical: 0.95}"))
                .isInstanceOf(AlertConfigurationException.class)
                .hasMessage(file + ": field 'alerts.otif': KPI 'otif' (HIGHER_IS_BETTER): threshold.critical = 0.95 "
                        + "is on the good side of threshold.warning = 0.9: critical must be <= warning");
        assertThatThrownBy(() -> load("silences:", "  - {kpi: otif, from: 2026-01-05, until: 2026-01-06T00:00:00Z, reason: x}"))
                .isInstanceOf(AlertConfigurationException.class)
                .hasMessage(file + ": field 'silences[0].from': '2026-01-05' is not an ISO-8601 instant; write e.g. "
                        + "2026-01-05T00:00:00Z");
    }
}
