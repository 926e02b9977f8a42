package io.fulcrum.devstack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** How a server of the stack tells that it is ready: a check that is cheap, side-effect free and retried. */
@FunctionalInterface
public interface Readiness {

    boolean isReady();

    /** Ready when a TCP connection to the port is accepted. */
    static Readiness tcp(String host, int port) {
        return new Readiness() {
            @Override
            public boolean isReady() {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 500);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String toString() {
                return "TCP " + host + ":" + port;
            }
        };
    }

    /** Ready when a GET of the URL answers with a 2xx status. */
    static Readiness http(URI url) {
        return new Readiness() {
            @Override
            public boolean isReady() {
                try {
                    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
                    c.setConnectTimeout(500);
                    c.setReadTimeout(2000);
                    int status = c.getResponseCode();
                    c.disconnect();
                    return status >= 200 && status < 300;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String toString() {
                return "HTTP GET " + url;
            }
        };
    }
}
