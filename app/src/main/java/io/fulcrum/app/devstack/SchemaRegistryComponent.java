package io.fulcrum.app.devstack;

import io.fulcrum.devstack.Readiness;
import io.fulcrum.devstack.registry.SchemaRegistryServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Apicurio Registry, reached through its Confluent-compatible API. Keeps schemas in memory. */
final class SchemaRegistryComponent implements StackComponent {

    private final int port;
    private final int managementPort;

    SchemaRegistryComponent(int port, int managementPort) {
        this.port = port;
        this.managementPort = managementPort;
    }

    @Override
    public String name() {
        return "schema-registry";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("url", url());
    }

    private String url() {
        return "http://127.0.0.1:" + port + SchemaRegistryServer.CONFLUENT_API_PATH;
    }

    @Override
    public Readiness readiness() {
        return Readiness.http(URI.create(url() + "/subjects"));
    }

    @Override
    public long start(Path dir) throws IOException {
        return SchemaRegistryServer.builder()
                .port(port)
                .managementPort(managementPort)
                .logFile(LocalStack.logFile(dir, this))
                .start()
                .pid();
    }
}
