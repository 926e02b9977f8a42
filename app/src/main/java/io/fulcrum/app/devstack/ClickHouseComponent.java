package io.fulcrum.app.devstack;

import io.fulcrum.devstack.Readiness;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ClickHouse HTTP endpoint over libchdb, with its data under the stack directory. */
final class ClickHouseComponent implements StackComponent {

    private final int port;

    ClickHouseComponent(int port) {
        this.port = port;
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("http", "http://127.0.0.1:" + port + "/");
        endpoints.put("jdbc", "jdbc:clickhouse://127.0.0.1:" + port + "/default");
        return endpoints;
    }

    @Override
    public Readiness readiness() {
        return Readiness.http(URI.create("http://127.0.0.1:" + port + "/ping"));
    }

    @Override
    public long start(Path dir) throws IOException {
        return ClickHouseServer.builder()
                .dataDirectory(dir.resolve(name()))
                .port(port)
                .logFile(LocalStack.logFile(dir, this))
                .start()
                .pid();
    }
}
