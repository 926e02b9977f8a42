package io.fulcrum.app.devstack;

import io.fulcrum.devstack.Readiness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** One server of the local stack as {@code fulcrum devstack} manages it: started detached, found again by pid. */
interface StackComponent {

    /** Short name used in files under the stack directory and in output. */
    String name();

    /** The loopback port clients use. */
    int port();

    /** What a client needs to reach it, in the order printed (e.g. "bootstrap" -> "127.0.0.1:9092"). */
    Map<String, String> endpoints();

    /** Answers once the server serves requests; used by {@code status} and to tell a stale pid file. */
    Readiness readiness();

    /** Starts the server with its data and log under {@code dir}; returns once it is ready. */
    long start(Path dir) throws IOException;
}
