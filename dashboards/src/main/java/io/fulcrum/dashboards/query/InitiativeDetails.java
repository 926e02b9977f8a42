package io.fulcrum.dashboards.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The latest version of an initiative. */
public record InitiativeDetails(String initiativeId, String title, String owner, String status,
        List<String> targetKpiIds, Instant startTime, Optional<Instant> endTime, Optional<Duration> rampUp) {

    public InitiativeDetails {
        targetKpiIds = List.copyOf(targetKpiIds);
    }
}
