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

    /**
     * Checks a port option of a server builder.
     *
     * @throws IllegalArgumentException naming the option when the port is outside 1-65535
     */
    public static int check(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be between 1 and 65535, got " + port);
        }
        return port;
    }

    /** True when nothing accepts connections on 127.0.0.1 at the port. */
    public static boolean isFree(int port) {
        return !Readiness.tcp("127.0.0.1", port).isReady();
    }
}
