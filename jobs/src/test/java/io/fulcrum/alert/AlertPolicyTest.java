package io.fulcrum.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiDefinitionLoader;
import io.fulcrum.kpi.MeasureCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertPolicyTest {

    @Test
    void buildsFromAKpiDefinition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kpis.yaml");
        Files.writeString(file, String.join("\n",
                "kpis:",
                "  - id: fill_rate",
                "    name: Fill rate",
                "    unit: ratio",
                "    objectType: sku",
                "    filter: {eventTypes: [shipment_delivered]}",
                "    aggregation: {type: sum, measure: qty_delivered}",
                "    window: {type: tumbling, size: 1h}",
                "    allowedLateness: 48h",
                "    direction: higher-is-better",
                "    thresholds: {warning: 0.95, critical: 0.9}",
                ""));
        MeasureCatalog catalog = MeasureCatalog.builder().eventType("shipment_delivered", "qty_delivered").build();
        List<KpiDefinition> definitions = KpiDefinitionLoader.withCatalog(catalog).load(file);

        AlertPolicy policy = AlertPolicy.builder(definitions.get(0)).detector(RobustBaselineDetector.withDefaults()).build();

        assertThat(policy.kpiId()).isEqualTo("fill_rate");
        assertThat(policy.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(policy.detectors()).extracting(Detector::rule).containsExactly("threshold", "robust");
        ThresholdDetector thresholds = (ThresholdDetector) policy.detectors().get(0);
        assertThat(thresholds.warning()).hasValue(0.95);
        assertThat(thresholds.critical()).hasValue(0.9);
        // 48 h of lateness on hourly windows: a revision can arrive 48 windows later, so 49 windows replay.
        assertThat(policy.revisionHorizon()).isEqualTo(49);
    }
}
