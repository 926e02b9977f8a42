package io.fulcrum.dashboards.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An alert whose latest transition is not RESOLVED, as that transition. {@code reason} is the sentence saying why
 * (empty for alerts written before it existed); {@code flapping} that it is held open while it flaps.
 */
public record OpenAlert(String alertId, String state, String kpiId, ObjectKey object, Instant windowStart,
        double observedValue, Optional<Double> expectedValue, Optional<Double> expectedLower,
        Optional<Double> expectedUpper, String detector, String severity, List<String> activeInitiatives,
        Instant openedAt, Instant updatedAt, String reason, boolean flapping) {

    public OpenAlert {
        activeInitiatives = List.copyOf(activeInitiatives);
    }
}
