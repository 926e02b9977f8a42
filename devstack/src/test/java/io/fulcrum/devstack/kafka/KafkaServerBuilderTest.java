package io.fulcrum.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Checks that fail before anything touches the disk or starts a process. */
class KafkaServerBuilderTest {

    @Test
    void namesEveryMissingOption() {
        assertThatThrownBy(() -> KafkaServer.builder().port(9092).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KafkaServer needs dataDirectory, controllerPort: set them on the builder before start()");
    }

    @Test
    void refusesOnePortForClientsAndController() {
        assertThatThrownBy(() -> KafkaServer.builder()
                        .dataDirectory(Paths.get("/nonexistent/kafka")).port(9092).controllerPort(9092).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KafkaServer port and controllerPort are both 9092: give the controller a port of its own");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> KafkaServer.builder().controllerPort(65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("controllerPort must be between 1 and 65535, got 65536");
    }

    @Test
    void refusesANonPositiveStartupTimeout() {
        assertThatThrownBy(() -> KafkaServer.builder().startupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startupTimeout must be positive, got PT0S");
    }
}
