package io.fulcrum.devstack.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkClusterConfigTest {

    @Test
    void configurationPinsTheJobManagerPortsToLoopbackAndSizesEveryProcessAtOneGibibyte() {
        Map<String, String> config = FlinkClusterConfig.of(6123, 8081, 3, Path.of("/w/tmp"),
                Path.of("/w/savepoints"));

        assertThat(config).containsEntry("jobmanager.rpc.address", "127.0.0.1")
                .containsEntry("jobmanager.rpc.port", "6123")
                .containsEntry("rest.port", "8081")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("taskmanager.numberOfTaskSlots", "3")
                .containsEntry("jobmanager.memory.process.size", "1024m")
                .containsEntry("taskmanager.memory.process.size", "1024m")
                .containsEntry("io.tmp.dirs", "/w/tmp")
                .containsEntry("execution.checkpointing.savepoint-dir", "file:///w/savepoints");
    }

    @Test
    void yamlQuotesEveryValue() {
        assertThat(FlinkClusterConfig.yaml(Map.of("io.tmp.dirs", "/it's/here")))
                .isEqualTo("io.tmp.dirs: '/it''s/here'\n");
    }

    /** Output of BashJavaUtils GET_TM_RESOURCE_PARAMS for the configuration above, seen on this machine. */
    @Test
    void readsJvmFlagsAndDynamicPropertiesFromBashJavaUtils() {
        String output = String.join("\n",
                "SLF4J: some notice",
                "BASH_JAVA_UTILS_EXEC_RESULT:-Xmx335544320 -Xms335544320 -XX:MaxDirectMemorySize=201326592 "
                        + "-XX:MaxMetaspaceSize=268435456",
                "BASH_JAVA_UTILS_EXEC_RESULT:-D taskmanager.memory.network.min=67108864b -D taskmanager.cpu.cores=2.0",
                "");

        FlinkClusterConfig.ResourceParams params = FlinkClusterConfig.resourceParams(output);

        assertThat(params.jvmFlags()).containsExactly("-Xmx335544320", "-Xms335544320",
                "-XX:MaxDirectMemorySize=201326592", "-XX:MaxMetaspaceSize=268435456");
        assertThat(params.dynamicProperties()).containsExactly("-D", "taskmanager.memory.network.min=67108864b",
                "-D", "taskmanager.cpu.cores=2.0");
    }

    @Test
    void refusesOutputWithoutBothResultLines() {
        assertThatThrownBy(() -> FlinkClusterConfig.resourceParams("BASH_JAVA_UTILS_EXEC_RESULT:-Xmx1\nboom"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BashJavaUtils printed 1 result lines, expected 2")
                .hasMessageContaining("boom");
    }

    @Test
    void builderRejectsNonsenseSizes() {
        assertThatThrownBy(() -> FlinkCluster.builder().taskManagers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskManagers must be at least 1, got 0");
        assertThatThrownBy(() -> FlinkCluster.builder().slotsPerTaskManager(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slotsPerTaskManager must be at least 1, got -1");
        assertThatThrownBy(() -> FlinkCluster.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("FlinkCluster needs workDirectory: set it on the builder before start()");
    }

    @Test
    void flinkProcessesGetTheOpensOfFlinksDefaultJavaOptions() {
        List<String> command = FlinkCluster.javaCommand();
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).contains("--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED");
    }
}
