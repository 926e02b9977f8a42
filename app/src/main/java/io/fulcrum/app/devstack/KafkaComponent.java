package io.fulcrum.app.devstack;

import io.fulcrum.devstack.Readiness;
import io.fulcrum.devstack.kafka.KafkaServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The Kafka KRaft broker (combined broker + controller) as its own process. */
final class KafkaComponent implements StackComponent {

    private final int port;
    private final int controllerPort;

    KafkaComponent(int port, int controllerPort) {
        this.port = port;
        this.controllerPort = controllerPort;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("bootstrap", "127.0.0.1:" + port);
    }

    @Override
    public Readiness readiness() {
        return Readiness.tcp("127.0.0.1", port);
    }

    @Override
    public long start(Path dir) throws IOException {
        return KafkaServer.builder()
                .dataDirectory(dir.resolve(name()))
                .port(port)
                .controllerPort(controllerPort)
                .logFile(LocalStack.logFile(dir, this))
                .start()
                .pid();
    }
}
