package io.fulcrum.devstack.junit;

import io.fulcrum.devstack.flink.FlinkCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one Flink session cluster per test run (a JobManager and one TaskManager with two slots, each its own
 * process; see {@link FlinkCluster}): started on first request, shared by every test class that uses the extension,
 * stopped when the run ends, also when a test failed. Its work directory is {@code target/devstack/flink-<n>} under
 * the working directory (the module, under Maven): the logs stay there for a look after a failure, the temporary
 * files ({@code tmp/}: blobs, the unpacked RPC system) are deleted.
 *
 * <pre>{@code
 * @ExtendWith(FlinkClusterExtension.class)
 * class JobOnClusterITCase {
 *     @Test
 *     void runs(FlinkCluster flink) throws Exception {
 *         String jobId = flink.client().run(jar, List.of("--config", dir.toString()));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Tests share the cluster's slots: cancel the jobs you submit.
 */
public final class FlinkClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            FlinkClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FlinkCluster.class;
    }

    @Override
    public FlinkCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(FlinkCluster.class, type -> new RunScopedCluster(startCluster()),
                        RunScopedCluster.class)
                .cluster();
    }

    private static FlinkCluster startCluster() {
        try {
            Path parent = Files.createDirectories(Paths.get("target", "devstack"));
            return FlinkCluster.builder().workDirectory(Files.createTempDirectory(parent, "flink-")).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the shared Flink cluster", e);
        }
    }

    /** Stops the cluster and deletes its temporary files when the root store is closed, at the end of the run. */
    private record RunScopedCluster(FlinkCluster cluster) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            cluster.close();
            try (Stream<Path> paths = Files.walk(cluster.workDirectory().resolve("tmp"))) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
