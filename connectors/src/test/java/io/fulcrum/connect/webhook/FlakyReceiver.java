package io.fulcrum.connect.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP receiver (JDK HttpServer) that answers 503 to its first {@code failures} requests and then
 * records every alert it is sent, in arrival order.
 */
final class FlakyReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<JsonNode> received = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();

    FlakyReceiver(int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            if (requests.incrementAndGet() <= failures) {
                refused.incrementAndGet();
                status = 503;
            } else {
                JsonNode tree = JSON.readTree(body);
                JsonNode alerts = tree.isArray() ? tree : tree.get("alerts");
                synchronized (received) {
                    alerts.forEach(received::add);
                    paths.add(exchange.getRequestURI().getPath());
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int refused() {
        return refused.get();
    }

    List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<String> paths() {
        synchronized (received) {
            return List.copyOf(paths);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
