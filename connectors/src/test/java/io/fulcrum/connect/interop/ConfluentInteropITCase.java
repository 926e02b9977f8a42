package io.fulcrum.connect.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroDecoder;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.connect.testdata.OperationalEvents;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import io.fulcrum.schema.OperationalEvent;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bytes written by the real Confluent client are read by Fulcrum's serde and vice versa, through Apicurio. */
@ExtendWith(SchemaRegistryExtension.class)
class ConfluentInteropITCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfluentReferenceClient confluent;
  private SchemaRegistryClient ours;
  private String topic;

  @BeforeEach
  void setUp(SchemaRegistryServer registry) throws Exception {
    String url = registry.confluentApiUrl().toString();
    confluent = new ConfluentReferenceClient(url);
    ours = SchemaRegistryClient.create(SchemaRegistryConfig.of(url));
    topic = "interop-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() throws Exception {
    confluent.close();
  }

  @Test
  void referenceClassesComeFromTheConfluentJar() {
    assertThat(confluent.codeSource()).endsWith("flink-sql-avro-confluent-registry.jar");
  }

  @Test
  void fulcrumReadsWhatTheConfluentClientWrote() throws Exception {
    ConfluentAvroDecoder<OperationalEvent> decoder =
        new ConfluentAvroDecoder<>(AvroRecordFormat.specific(OperationalEvent.class), ours);
    for (int n = 1; n <= 5; n++) {
      OperationalEvent expected = OperationalEvents.delivery(n);
      byte[] bytes = confluent.serialize(topic + "-value", OperationalEvent.getClassSchema().toString(),
          OperationalEvents.avroJson(expected));

      assertThat(bytes[0]).isZero();
      assertThat(decoder.decode(bytes)).isEqualTo(expected);
    }
  }

  @Test
  void theConfluentClientReadsWhatFulcrumWrote() throws Exception {
    ConfluentAvroEncoder<OperationalEvent> encoder = new ConfluentAvroEncoder<>(
        AvroRecordFormat.specific(OperationalEvent.class), ours, topic, false, SubjectNameStrategy.TOPIC_NAME, true);
    for (int n = 1; n <= 5; n++) {
      OperationalEvent event = OperationalEvents.delivery(n);
      String read = confluent.deserialize(encoder.encode(event));

      // As JSON trees: map entries may come back in another order.
      assertThat(JSON.readTree(read)).isEqualTo(JSON.readTree(OperationalEvents.avroJson(event)));
    }
    assertThat(ours.latest(topic + "-value").version()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void fulcrumReadsAnOlderVersionTheConfluentClientWroteIntoTheCurrentClass() throws Exception {
    // v1 of the event without 'attributes': the current class added it with a default of {}.
    Map<String, Object> v1 = JSON.readValue(OperationalEvent.getClassSchema().toString(), Map.class);
    ((java.util.List<?>) v1.get("fields")).removeIf(f -> "attributes".equals(((Map<?, ?>) f).get("name")));
    Schema v1Schema = new Schema.Parser().parse(JSON.writeValueAsString(v1));
    OperationalEvent current = OperationalEvents.delivery(4);
    Map<String, Object> datum = JSON.readValue(OperationalEvents.avroJson(current), Map.class);
    datum.remove("attributes");

    byte[] bytes = confluent.serialize(topic + "-value", v1Schema.toString(), JSON.writeValueAsString(datum));
    OperationalEvent read = new ConfluentAvroDecoder<>(AvroRecordFormat.specific(OperationalEvent.class), ours)
        .decode(bytes);

    OperationalEvent expected = OperationalEvent.newBuilder(current).setAttributes(Map.of()).build();
    assertThat(read).isEqualTo(expected);
  }
}
