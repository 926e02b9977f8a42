package io.fulcrum.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.ServerProcess;
import io.fulcrum.devstack.kafka.KafkaTestClients.Read;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker as its own process: what {@code fulcrum devstack up} runs for the demo. */
class KafkaServerITCase {

    @TempDir
    Path dataDirectory;

    @Test
    void servesRecordsStopsCleanlyKeepsThemAcrossARestartAndGuardsTheControllerPort() throws Exception {
        int port = Ports.freePort();
        int controllerPort = otherFreePort(port);
        List<ProducerRecord<String, String>> written = new ArrayList<>();
        List<Read> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            written.add(new ProducerRecord<>("deliveries", 0, "route-" + (i % 4), "delivered-" + i));
            expected.add(new Read(0, i, "route-" + (i % 4), "delivered-" + i));
        }

        String clusterId;
        KafkaServer first = start(port, controllerPort);
        try {
            clusterId = first.clusterId();
            assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            KafkaTestClients.createTopic(first.bootstrapServers(), "deliveries", 1);
            KafkaTestClients.write(first.bootstrapServers(), "deliveries", written);
            assertThat(KafkaTestClients.readFromBeginning(first.bootstrapServers(), "deliveries", 12))
                    .containsExactlyElementsOf(expected);
        } finally {
            first.stop();
        }
        assertThat(first.isAlive()).isFalse();
        assertThat(dataDirectory.resolve("kraft-logs/.kafka_cleanshutdown")).as("graceful shutdown marker").exists();
        assertThat(Ports.isFree(port)).as("client port after stop").isTrue();
        assertThat(Ports.isFree(controllerPort)).as("controller port after stop").isTrue();

        try (KafkaServer second = start(port, controllerPort)) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(KafkaTestClients.readFromBeginning(second.bootstrapServers(), "deliveries", 12))
                    .containsExactlyElementsOf(expected);
        }
        assertThat(formatRuns(dataDirectory.resolve("server.log"))).isEqualTo(1);

        // The metadata log names the controller endpoint it was formatted with: another port must not start.
        int otherControllerPort = otherFreePort(port, controllerPort);
        assertThatThrownBy(() -> start(port, otherControllerPort))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KafkaServer data directory " + dataDirectory.toRealPath() + " was formatted with "
                        + "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort + " but controllerPort is "
                        + otherControllerPort + ": restart it with controllerPort(" + controllerPort
                        + ") or start on a new data directory");
    }

    @Test
    void outlivesTheJvmThatStartedItAndKeepsAcknowledgedRecordsThroughAKill() throws Exception {
        int port = Ports.freePort();
        int controllerPort = otherFreePort(port);
        Process starter = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                KafkaServerStarter.class.getName(), dataDirectory.toString(), String.valueOf(port),
                String.valueOf(controllerPort))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(starter.waitFor(180, TimeUnit.SECONDS)).as("starter JVM exits").isTrue();
        assertThat(starter.exitValue()).isZero();
        long pid = Long.parseLong(new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        String bootstrap = "127.0.0.1:" + port;
        List<Read> expected = List.of(new Read(0, 0, "o-1", "created"), new Read(0, 1, "o-1", "confirmed"));

        ServerProcess broker = ServerProcess.attach("kafka", pid, dataDirectory.resolve("server.log"));
        try {
            assertThat(broker.isAlive()).isTrue();
            KafkaTestClients.createTopic(bootstrap, "orders", 1);
            KafkaTestClients.write(bootstrap, "orders", List.of(
                    new ProducerRecord<>("orders", 0, "o-1", "created"),
                    new ProducerRecord<>("orders", 0, "o-1", "confirmed")));
            assertThat(KafkaTestClients.readFromBeginning(bootstrap, "orders", 2)).containsExactlyElementsOf(expected);
        } finally {
            // SIGKILL, as a crash or an OOM killer would: no shutdown hook, no clean-shutdown marker.
            broker.kill();
        }
        assertThat(Ports.isFree(port)).isTrue();
        assertThat(dataDirectory.resolve("kraft-logs/.kafka_cleanshutdown")).doesNotExist();

        try (KafkaServer recovered = start(port, controllerPort)) {
            assertThat(KafkaTestClients.readFromBeginning(recovered.bootstrapServers(), "orders", 2))
                    .containsExactlyElementsOf(expected);
        }
    }

    private KafkaServer start(int port, int controllerPort) throws Exception {
        return KafkaServer.builder()
                .dataDirectory(dataDirectory)
                .port(port)
                .controllerPort(controllerPort)
                .startupTimeout(Duration.ofSeconds(120))
                .start();
    }

    private static int otherFreePort(int... taken) {
        while (true) {
            int port = Ports.freePort();
            if (IntStream.of(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }

    /** How often Kafka's StorageTool wrote its "Formatting ..." line into the log. */
    private static long formatRuns(Path log) throws Exception {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("Formatting ")).count();
        }
    }
}
