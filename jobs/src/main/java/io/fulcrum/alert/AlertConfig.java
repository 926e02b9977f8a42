package io.fulcrum.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of the alert operator: one {@link AlertPolicy} per alerting KPI (KPIs without a policy raise no
 * alerts), the mute windows and snoozes, and how long the state of an object whose KPI stopped reporting is kept.
 * Immutable; built with {@link #builder()}.
 *
 * <p>Default: idleRetention = 35 days (longer than the default seasonal lookback of 4 weeks).
 */
public final class AlertConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, AlertPolicy> policies;
    private final List<AlertSilence> silences;
    private final Duration idleRetention;

    private AlertConfig(Builder b) {
        this.policies = Map.copyOf(b.policies);
        this.silences = List.copyOf(b.silences);
        this.idleRetention = b.idleRetention;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<AlertPolicy> policy(String kpiId) {
        return Optional.ofNullable(policies.get(kpiId));
    }

    public Map<String, AlertPolicy> policies() {
        return policies;
    }

    public List<AlertSilence> silences() {
        return silences;
    }

    /** State of a (KPI, object) whose latest window ended longer ago than this, and has no open alert, is dropped. */
    public Duration idleRetention() {
        return idleRetention;
    }

    /** Builder of {@link AlertConfig}. */
    public static final class Builder {
        private final Map<String, AlertPolicy> policies = new LinkedHashMap<>();
        private final List<AlertSilence> silences = new ArrayList<>();
        private Duration idleRetention = Duration.ofDays(35);

        private Builder() {
        }

        public Builder policy(AlertPolicy policy) {
            Objects.requireNonNull(policy, "policy can't be null");
            if (policies.putIfAbsent(policy.kpiId(), policy) != null) {
                throw new IllegalArgumentException("KPI '" + policy.kpiId() + "' has two alert policies: keep one");
            }
            return this;
        }

        public Builder silence(AlertSilence silence) {
            silences.add(Objects.requireNonNull(silence, "silence can't be null"));
            return this;
        }

        public Builder idleRetention(Duration retention) {
            Objects.requireNonNull(retention, "idleRetention can't be null");
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("idleRetention = " + retention + " is invalid: use a positive "
                        + "duration longer than the longest detector lookback, such as P35D");
            }
            this.idleRetention = retention;
            return this;
        }

        public AlertConfig build() {
            return new AlertConfig(this);
        }
    }
}
