package io.fulcrum.kpi.internal;

import io.fulcrum.kpi.KpiDefinition;
import io.fulcrum.kpi.KpiDefinitionLoader;
import io.fulcrum.kpi.MeasureCatalog;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The KPIs of {@code kpis/engine-test.yaml}, as the engine's operator tests load them. */
final class EngineTestDefinitions {

    private EngineTestDefinitions() {
    }

    static List<KpiDefinition> load() {
        try {
            return KpiDefinitionLoader.withCatalog(MeasureCatalog.builder()
                            .eventType("shipment_delivered", "qty_ordered", "qty_delivered", "lead_time_h")
                            .eventType("quality_inspection", "lot_size", "defects")
                            .eventType("order_created", "qty_ordered").build())
                    .load(Path.of(EngineTestDefinitions.class.getResource("/kpis/engine-test.yaml").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
