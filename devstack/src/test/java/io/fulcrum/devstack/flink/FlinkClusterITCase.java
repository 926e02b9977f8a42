package io.fulcrum.devstack.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session cluster as processes: what it runs on, and that stopping it (or failing to start it) ends them all. */
class FlinkClusterITCase {

    @Test
    void runsOnFlinksJarsOnlyAndStopsEveryProcess(@TempDir Path dir) throws Exception {
        List<Long> pids;
        try (FlinkCluster flink = FlinkCluster.builder().workDirectory(dir).taskManagers(2).slotsPerTaskManager(1)
                .start()) {
            pids = flink.pids();
            JsonNode overview = new ObjectMapper().readTree(flink.restUrl().resolve("/overview").toURL());
            assertThat(overview.path("taskmanagers").asInt())
                    .as(() -> "TaskManagers in " + overview + "; JobManager log tail:\n" + flink.jobManagerLogTail()
                            + "\n" + flink.taskManagerLogTails())
                    .isEqualTo(2);
            assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
            assertThat(overview.path("flink-version").asText()).isEqualTo("2.2.1");
            assertThat(flink.client().jobManagerClasspath())
                    .containsExactlyElementsOf(FlinkDistribution.jars().stream().map(Path::toString).toList());
            assertThat(pids).hasSize(3).allMatch(FlinkClusterITCase::alive);
        }
        assertThat(pids).noneMatch(FlinkClusterITCase::alive);
    }

    @Test
    void leavesNoProcessWhenItCannotStart(@TempDir Path dir) {
        assertThatThrownBy(() -> FlinkCluster.builder().workDirectory(dir).startupTimeout(Duration.ofMillis(1))
                .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flink-jobmanager was not ready after PT0.001S");
        assertThat(ProcessHandle.current().descendants()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(dir.toString())))
                .isEmpty();
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
