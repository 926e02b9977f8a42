package io.fulcrum.devstack.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of a single-node KRaft broker (one process is broker and controller, node id 1)
 * listening on loopback only.
 */
final class BrokerProperties {

    static final String QUORUM_BOOTSTRAP_KEY = "controller.quorum.bootstrap.servers";
    private static final String HOST = "127.0.0.1";

    private BrokerProperties() {}

    /** The broker configuration, keys in the order they are written. */
    static Map<String, String> of(int port, int controllerPort, Path logDirectory) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put(QUORUM_BOOTSTRAP_KEY, HOST + ":" + controllerPort);
        p.put("log.dirs", logDirectory.toAbsolutePath().toString());
        // One node: every internal topic must fit on it, or consumer groups and transactions never start.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // A demo consumer should not wait 3 s for companions that never come.
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** The text of a {@code server.properties} file. */
    static String render(Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Written by Fulcrum's KafkaServer at every start.\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
