package io.fulcrum.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.kafka.KafkaTestClients;
import io.fulcrum.devstack.kafka.KafkaTestClients.Read;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class KafkaExtensionITCase {

    private static EmbeddedKafka injectedBeforeAll;

    @BeforeAll
    static void remember(EmbeddedKafka kafka) {
        injectedBeforeAll = kafka;
    }

    @Test
    void oneBrokerServesTheWholeRun(EmbeddedKafka kafka) {
        assertThat(kafka).isSameAs(injectedBeforeAll);
        assertThat(kafka.bootstrapServers()).matches("localhost:\\d+|127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void readsBackExactlyWhatWasWrittenPerPartitionInOrder(EmbeddedKafka kafka) throws Exception {
        String topic = "events-" + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        List<ProducerRecord<String, String>> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Partition chosen explicitly: the expected offsets below follow from it without Kafka's partitioner.
            written.add(new ProducerRecord<>(topic, i % 3, "sku-" + (i % 7), "event-" + i));
        }
        KafkaTestClients.write(kafka.bootstrapServers(), topic, written);

        List<Read> read = KafkaTestClients.readFromBeginning(kafka.bootstrapServers(), topic, written.size());

        // Hand-worked: record i goes to partition i % 3 as the (i / 3)-th record there, so at offset i / 3.
        List<Read> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add(new Read(i % 3, i / 3, "sku-" + (i % 7), "event-" + i));
        }
        read.sort(Comparator.comparingInt(Read::partition).thenComparingLong(Read::offset));
        expected.sort(Comparator.comparingInt(Read::partition).thenComparingLong(Read::offset));
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void creatingAnExistingTopicNamesTheTopic(EmbeddedKafka kafka) {
        String topic = "twice-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);

        assertThatThrownBy(() -> kafka.createTopic(topic, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot create topic " + topic + " with 1 partitions")
                .hasMessageContaining("already exists");
    }

    @Test
    void rejectsAZeroPartitionTopic(EmbeddedKafka kafka) {
        assertThatThrownBy(() -> kafka.createTopic("t", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions of topic t must be at least 1, got 0");
    }
}
