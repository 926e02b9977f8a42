package io.fulcrum.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class SchemaRegistryServerTest {

    @Test
    void runsTheQuarkusLauncherOnLoopbackWithBackwardCompatibility() {
        assertThat(SchemaRegistryServer.command(Paths.get("/jdk25/bin/java"), Paths.get("/cache/apicurio/3.3.3"),
                18081, 19001)).containsExactly(
                "/jdk25/bin/java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-Duser.timezone=UTC",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=18081",
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=19001",
                "-Dapicurio.rules.global.compatibility=BACKWARD",
                "-jar", "/cache/apicurio/3.3.3/quarkus-run.jar");
    }

    @Test
    void confluentApiLivesUnderApisCcompatV7() {
        assertThat(SchemaRegistryServer.confluentApiUrl(18081))
                .isEqualTo(URI.create("http://127.0.0.1:18081/apis/ccompat/v7"));
    }

    @Test
    void namesEveryMissingOption() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().port(8081).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SchemaRegistryServer needs managementPort, logFile: set them on the builder before start()");
    }

    @Test
    void refusesOnePortForApiAndManagement() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder()
                        .port(8081).managementPort(8081).logFile(Paths.get("/tmp/registry.log")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SchemaRegistryServer port and managementPort are both 8081: "
                        + "give the management interface a port of its own");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().port(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, got 0");
    }
}
