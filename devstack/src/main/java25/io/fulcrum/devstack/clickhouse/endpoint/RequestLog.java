package io.fulcrum.devstack.clickhouse.endpoint;

import java.io.PrintStream;
import java.time.Instant;

/**
 * One line per request on the endpoint's standard output (the launcher sends it to the server's log file):
 * enough to see what a client sent and what the engine answered, without a logging framework in a process that
 * has only the JDK and two small jars on its class path.
 */
final class RequestLog {

    private final PrintStream out;

    RequestLog(PrintStream out) {
        this.out = out;
    }

    void info(String message) {
        out.println(Instant.now() + " INFO  " + message);
    }

    void served(String queryId, String description, long nanos, QueryOutcome outcome) {
        out.println(Instant.now() + " INFO  query " + queryId + " ok in " + nanos / 1_000_000 + " ms ("
                + outcome.resultRows() + " result rows, " + outcome.writtenRows() + " written rows): " + description);
    }

    void failed(String queryId, EngineError error) {
        out.println(Instant.now() + " WARN  query " + queryId + " failed: " + error.clickHouseMessage());
    }

    void crashed(String queryId, RuntimeException e) {
        out.println(Instant.now() + " ERROR query " + queryId + " failed in the endpoint:");
        e.printStackTrace(out);
    }
}
