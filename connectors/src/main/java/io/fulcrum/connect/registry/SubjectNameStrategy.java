package io.fulcrum.connect.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * How the subject a schema is registered under is derived, with the same results as Confluent's strategies of
 * the same names.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one record type per topic (Confluent's default). */
  TOPIC_NAME {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return requireTopic(topic, this) + (isKey ? "-key" : "-value");
    }
  },
  /** The record's full name: one subject per record type, whatever the topic. */
  RECORD_NAME {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return requireRecord(schema, this).getFullName();
    }
  },
  /** {@code <topic>-<record full name>}: several record types per topic, each evolving on its own. */
  TOPIC_RECORD_NAME {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return requireTopic(topic, this) + "-" + requireRecord(schema, this).getFullName();
    }
  };

  /** The subject for a key or value schema written to a topic. */
  public abstract String subject(String topic, boolean isKey, Schema schema);

  private static String requireTopic(String topic, SubjectNameStrategy strategy) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("subject name strategy " + strategy + " needs a topic, got '" + topic
          + "': set the topic, or use RECORD_NAME");
    }
    return topic;
  }

  private static Schema requireRecord(Schema schema, SubjectNameStrategy strategy) {
    Objects.requireNonNull(schema, "schema can't be null");
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("subject name strategy " + strategy + " needs a record schema, got "
          + schema.getType() + ": use TOPIC_NAME for primitive keys and values");
    }
    return schema;
  }
}
