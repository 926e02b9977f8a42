package io.fulcrum.alert.bench;

/**
 * The alert benchmarks (not tests): detection quality per detector, then operator latency.
 * Run: {@code ./mvnw -B -q -pl jobs -am test-compile exec:exec -Pbench}.
 */
public final class AlertBench {

    private AlertBench() {
    }

    public static void main(String[] args) throws Exception {
        DetectionQuality.run(42);
        System.out.println();
        AlertLatency.run();
    }
}
