package io.fulcrum.devstack.clickhouse.endpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of engine connections on one data directory, each lent to one request at a time. HTTP requests are
 * sessionless while an engine connection keeps session state, so a connection is handed out with the request's
 * database made current.
 */
final class EnginePool implements AutoCloseable {

    private final BlockingQueue<EngineConnection> idle;
    private final List<EngineConnection> all;

    private EnginePool(List<EngineConnection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    static EnginePool open(Chdb chdb, List<String> engineArguments, int size) throws EngineError {
        List<EngineConnection> connections = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            connections.add(EngineConnection.open(chdb, engineArguments));
        }
        return new EnginePool(connections);
    }

    /** Runs {@code work} on a connection whose current database is {@code database}. */
    <T> T withConnection(String database, Work<T> work) throws EngineError, IOException, InterruptedException {
        EngineConnection connection = idle.take();
        try {
            connection.useDatabase(database);
            return work.run(connection);
        } finally {
            idle.add(connection);
        }
    }

    @Override
    public void close() {
        all.forEach(EngineConnection::close);
    }

    /** What a request does with its connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(EngineConnection connection) throws EngineError, IOException;
    }
}
