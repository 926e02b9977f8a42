package io.fulcrum.connect.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.schema.OperationalEvent;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

  private final Schema event = OperationalEvent.getClassSchema();

  @Test
  void topicNameStrategyAppendsKeyOrValue() {
    assertThat(SubjectNameStrategy.TOPIC_NAME.subject("fulcrum.events", false, event))
        .isEqualTo("fulcrum.events-value");
    assertThat(SubjectNameStrategy.TOPIC_NAME.subject("fulcrum.events", true, event))
        .isEqualTo("fulcrum.events-key");
  }

  @Test
  void recordNameStrategyUsesTheFullRecordName() {
    assertThat(SubjectNameStrategy.RECORD_NAME.subject("any", false, event))
        .isEqualTo("io.fulcrum.schema.OperationalEvent");
    assertThat(SubjectNameStrategy.RECORD_NAME.subject(null, true, event))
        .isEqualTo("io.fulcrum.schema.OperationalEvent");
  }

  @Test
  void topicRecordNameStrategyJoinsTopicAndRecordName() {
    assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("fulcrum.events", false, event))
        .isEqualTo("fulcrum.events-io.fulcrum.schema.OperationalEvent");
  }

  @Test
  void recordStrategiesRejectNonRecordSchemas() {
    assertThatThrownBy(() -> SubjectNameStrategy.RECORD_NAME.subject("t", true, Schema.create(Schema.Type.STRING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject name strategy RECORD_NAME needs a record schema, got STRING: "
            + "use TOPIC_NAME for primitive keys and values");
  }

  @Test
  void topicStrategiesNeedATopic() {
    assertThatThrownBy(() -> SubjectNameStrategy.TOPIC_NAME.subject("", false, event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject name strategy TOPIC_NAME needs a topic, got '': set the topic, or use RECORD_NAME");
  }
}
