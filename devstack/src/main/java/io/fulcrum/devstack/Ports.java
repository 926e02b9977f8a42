package io.fulcrum.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for servers of the stack. */
public final class Ports {

    private Ports() {}

    /**
     * A port that was free on 127.0.0.1 a moment ago. Tests use it to give each server its own port; a race with
     * another process is possible but shows as a clear bind error at start.
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** True when nothing accepts connections on 127.0.0.1 at the port. */
    public static boolean isFree(int port) {
        return !Readiness.tcp("127.0.0.1", port).isReady();
    }
}
