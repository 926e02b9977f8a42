package io.fulcrum.app.devstack;

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
        check("kafka", kafka);
        check("kafka controller", kafkaController);
        check("registry", registry);
        check("registry management", registryManagement);
        check("clickhouse", clickhouse);
    }

    private static void check(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " port must be 1-65535, got " + port);
        }
    }
}
