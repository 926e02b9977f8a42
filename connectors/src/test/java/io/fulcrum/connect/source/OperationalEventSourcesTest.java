package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.connect.registry.SchemaRegistryConfig;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Building the sources and adding them to a job graph; nothing connects to Kafka here. */
class OperationalEventSourcesTest {

  private static final SourceDefinition JSON_ON_PATTERN = SourceDefinitionFile.parse("""
      name: tms-all
      topicPattern: "tms\\\\..*\\\\.shipments"
      format: json
      eventType: {constant: shipment_delivered}
      eventTime: {field: at, form: iso-8601}
      objects: {primary: {type: route, field: lane}}
      """, "tms-all.yaml");

  private static final SourceDefinition AVRO = SourceDefinitionFile.parse("""
      name: qms
      topic: qms.results
      format: avro
      eventType: {constant: quality_inspection}
      eventTime: {field: at, form: epoch-millis}
      objects: {primary: {type: supplier, field: supplier}}
      """, "qms.yaml");

  @Test
  void requiredSettingsAreNamedWithTheFix() {
    SourceCatalog catalog = SourceCatalog.of(List.of(JSON_ON_PATTERN, AVRO));
    assertThatThrownBy(() -> OperationalEventSources.builder(catalog).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sources [tms-all, qms] have no bootstrap servers: call bootstrapServers(\"host:9092\")");
    assertThatThrownBy(() -> OperationalEventSources.builder(catalog).bootstrapServers("k:9092").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sources [tms-all, qms] start from their consumer group's committed offsets but have no group "
            + "id: call groupId(\"fulcrum-kpi\") or startingOffsets(...)");
    assertThatThrownBy(() -> OperationalEventSources.builder(catalog).bootstrapServers("k:9092").groupId("g")
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("avro sources among [tms-all, qms] need the schema registry: call "
            + "registry(SchemaRegistryConfig.of(\"http://host:8081\"))");
    assertThatThrownBy(() -> OperationalEventSources.builder(catalog).groupId(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groupId ' ' is blank: pass e.g. \"fulcrum-kpi\"");
  }

  @Test
  void everySourceBecomesANamedOperatorWhoseStreamsAreUnioned() {
    OperationalEventSources sources = OperationalEventSources.builder(SourceCatalog.of(List.of(JSON_ON_PATTERN,
            AVRO)))
        .bootstrapServers("k:9092")
        .groupId("fulcrum-kpi")
        .registry(SchemaRegistryConfig.of("http://registry:8081"))
        .validateAvroSources(false) // no registry here: SourcesITCase validates against a real one
        .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SourceStreams streams = sources.attach(env, WatermarkStrategy.noWatermarks());
    streams.events().print();
    streams.deadLetters().print();

    String plan = env.getExecutionPlan();
    assertThat(plan).contains("source-tms-all", "source-tms-all-split", "source-qms", "source-qms-split");
    assertThat(JSON_ON_PATTERN.topicPattern()).contains("tms\\..*\\.shipments");
  }
}
