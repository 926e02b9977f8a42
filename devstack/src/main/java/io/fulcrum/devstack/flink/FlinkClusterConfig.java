package io.fulcrum.devstack.flink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code config.yaml} of an embedded session cluster, and how the processes' JVM flags are read from Flink's
 * own memory model (what {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} do with {@code BashJavaUtils}).
 */
final class FlinkClusterConfig {

    /** The marker before each result line of {@code org.apache.flink.runtime.util.bash.BashJavaUtils}. */
    static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private FlinkClusterConfig() {}

    /**
     * Loopback only, fixed JobManager RPC and REST ports (the TaskManagers and clients must know them), every other
     * port chosen by the OS. Memory is what Flink 2.2 accepts at its smallest sensible size: 1 GiB per process; the
     * TaskManager's managed memory (only RocksDB and batch operators use it) is cut to 64 MiB, which leaves the task
     * heap 192 MiB instead of 26 MiB. Savepoints go to {@code savepointDirectory} unless a stop or trigger names its
     * own target (jobs that keep checkpoints in the JobManager's memory have no other place for them). Heartbeats keep Flink's defaults (10 s / 50 s): no test here kills a
     * TaskManager, and a short timeout would only make a slow one on a busy machine look lost.
     */
    static Map<String, String> of(int rpcPort, int restPort, int slotsPerTaskManager, Path tmpDirectory,
                                  Path savepointDirectory) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
        config.put("taskmanager.memory.process.size", "1024m");
        config.put("taskmanager.memory.managed.size", "64m");
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", Integer.toString(restPort));
        config.put("blob.server.port", "0");
        config.put("io.tmp.dirs", tmpDirectory.toString());
        config.put("execution.checkpointing.savepoint-dir", 
                "file://" + savepointDirectory.toAbsolutePath());
        return Collections.unmodifiableMap(config);
    }

    /** The configuration as Flink 2's {@code config.yaml}: flat keys, values quoted as YAML strings. */
    static String yaml(Map<String, String> config) {
        StringBuilder yaml = new StringBuilder();
        config.forEach((key, value) -> yaml.append(key).append(": '").append(value.replace("'", "''"))
                .append("'\n"));
        return yaml.toString();
    }

    /**
     * The two result lines of {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} or {@code GET_TM_RESOURCE_PARAMS}: the JVM
     * flags (heap, direct memory, metaspace) and the derived memory settings as {@code -D key=value} arguments for
     * the entry point.
     *
     * @throws IllegalStateException when the output does not hold exactly two result lines
     */
    static ResourceParams resourceParams(String output) {
        List<String> results = new ArrayList<>();
        output.lines().filter(line -> line.startsWith(RESULT_PREFIX))
                .forEach(line -> results.add(line.substring(RESULT_PREFIX.length()).strip()));
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils printed " + results.size() + " result lines, expected 2 "
                    + "(JVM flags, dynamic properties); its output:\n" + output);
        }
        return new ResourceParams(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String line) {
        return line.isEmpty() ? List.of() : List.of(line.split("\\s+"));
    }

    /** JVM flags and entry-point arguments of one Flink process. */
    record ResourceParams(List<String> jvmFlags, List<String> dynamicProperties) {}
}
