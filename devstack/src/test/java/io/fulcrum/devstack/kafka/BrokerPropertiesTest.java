package io.fulcrum.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    @Test
    void describesOneCombinedNodeOnLoopback() {
        Map<String, String> properties = BrokerProperties.of(19092, 19093, Paths.get("/data/kafka/kraft-logs"));

        assertThat(properties).containsExactly(
                entry("process.roles", "broker,controller"),
                entry("node.id", "1"),
                entry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"),
                entry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"),
                entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                entry("inter.broker.listener.name", "PLAINTEXT"),
                entry("controller.listener.names", "CONTROLLER"),
                entry("controller.quorum.bootstrap.servers", "127.0.0.1:19093"),
                entry("log.dirs", "/data/kafka/kraft-logs"),
                entry("offsets.topic.replication.factor", "1"),
                entry("transaction.state.log.replication.factor", "1"),
                entry("transaction.state.log.min.isr", "1"),
                entry("share.coordinator.state.topic.replication.factor", "1"),
                entry("share.coordinator.state.topic.min.isr", "1"),
                entry("group.initial.rebalance.delay.ms", "0"));
    }

    @Test
    void rendersOneKeyValueLinePerSetting() {
        assertThat(BrokerProperties.render(Map.of("node.id", "1")))
                .isEqualTo("# Written by Fulcrum's KafkaServer at every start.\nnode.id=1\n");
    }
}
