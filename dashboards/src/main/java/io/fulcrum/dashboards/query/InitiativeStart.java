package io.fulcrum.dashboards.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When an initiative aimed at a KPI started, and how long its ramp-up lasts. */
public record InitiativeStart(String initiativeId, String title, Instant startTime, Optional<Duration> rampUp) {}
