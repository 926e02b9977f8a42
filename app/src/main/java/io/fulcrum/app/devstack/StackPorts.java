package io.fulcrum.app.devstack;

import io.fulcrum.devstack.Ports;

/**
 * Loopback ports of the local stack. The defaults are each server's customary port, so tools configured for a
 * local Kafka, registry or ClickHouse find them.
 */
public record StackPorts(int kafka, int kafkaController, int registry, int registryManagement, int clickhouse) {

    public static final int DEFAULT_KAFKA = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER = 9093;
    public static final int DEFAULT_REGISTRY = 8081;
    public static final int DEFAULT_REGISTRY_MANAGEMENT = 9001;
    public static final int DEFAULT_CLICKHOUSE = 8123;

    /** Every server on its customary port. */
    public static StackPorts defaults() {
        return new StackPorts(DEFAULT_KAFKA, DEFAULT_KAFKA_CONTROLLER, DEFAULT_REGISTRY, DEFAULT_REGISTRY_MANAGEMENT,
                DEFAULT_CLICKHOUSE);
    }

    public StackPorts {
        Ports.check("kafka port", kafka);
        Ports.check("kafka controller port", kafkaController);
        Ports.check("registry port", registry);
        Ports.check("registry management port", registryManagement);
        Ports.check("clickhouse port", clickhouse);
    }
}
