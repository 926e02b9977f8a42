package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.devstack.junit.KafkaExtension;
import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.kafka.EmbeddedKafka;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Avro source fed by a producer Fulcrum did not write: a Node script with the official Confluent schema registry
 * client ({@code @confluentinc/schemaregistry}, which registers the schema and frames the records) and kafkajs.
 * The npm packages are installed from the npm registry into {@code target/node-interop} on first run.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class SourcesNodeInteropITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

  private static final Path NODE_DIR = Path.of("target", "node-interop");
  private static final int COUNT = 12;

  @Test
  void readsInspectionsProducedByTheConfluentJavaScriptClient(EmbeddedKafka kafka, SchemaRegistryServer registry)
      throws Exception {
    String topic = "qms.node-inspections." + System.nanoTime();
    kafka.createTopic(topic, 1);
    installNodePackages();
    Path schema = SourcesITCase.SHIPPED.resolve("schemas/InspectionResult.avsc").toAbsolutePath();
    // Node resolves "localhost" to ::1 first, where the broker does not listen: give it the loopback address.
    String output = run(NODE_DIR, Duration.ofMinutes(2), "node", "--dns-result-order=ipv4first",
        "produce-inspections.cjs", kafka.bootstrapServers().replace("localhost", "127.0.0.1"), registry.confluentApiUrl().toString(), topic, schema.toString(),
        Integer.toString(COUNT));
    assertThat(output).contains("\"sent\":" + COUNT);

    // The shipped QMS definition, pointed at this test's topic.
    SourceDefinition qms = SourceDefinitionFile.parse(Files.readString(SourcesITCase.SHIPPED.resolve("qms.yaml"))
        .replace("topic: qms.inspection-results", "topic: " + topic), "qms.yaml");
    OperationalEventSources sources = OperationalEventSources.builder(SourceCatalog.of(List.of(qms)))
        .bootstrapServers(kafka.bootstrapServers())
        .registry(SchemaRegistryConfig.of(registry.confluentApiUrl().toString()))
        .startingOffsets(OffsetsInitializer.earliest())
        .bounded(OffsetsInitializer.latest())
        .build(); // validates the definition against the schema the JS client registered

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    SourceStreams streams = sources.attach(env, WatermarkStrategy.noWatermarks());
    List<OperationalEvent> events = new ArrayList<>();
    try (CloseableIterator<OperationalEvent> it = streams.events().executeAndCollect("node-interop")) {
      it.forEachRemaining(events::add);
    }

    events.sort(Comparator.comparing(e -> Integer.parseInt(e.getEventId().substring("node-".length()))));
    assertThat(events).hasSize(COUNT);
    for (int i = 0; i < COUNT; i++) {
      OperationalEvent actual = events.get(i);
      assertThat(actual).usingRecursiveComparison().ignoringFields("ingestionTime").isEqualTo(expected(i));
      assertThat(actual.getIngestionTime()).isAfter(Instant.now().minus(Duration.ofMinutes(10)));
    }
  }

  /** The event of the script's record {@code i}, by the script's formula. */
  private static OperationalEvent expected(int i) {
    Map<String, Double> measures = new HashMap<>();
    measures.put("lot_size", 200.0 * (1 + i % 5));
    measures.put("defects", i % 4 == 3 ? 0.0 : i % 4); // null in the record: the definition's default 0
    return OperationalEvent.newBuilder()
        .setEventId("node-" + i)
        .setSource("qms")
        .setEventType("quality_inspection")
        .setEventTime(Instant.ofEpochMilli(1_772_439_300_000L + i * 60_000L))
        .setIngestionTime(Instant.EPOCH)
        .setObject(new BusinessObjectRef("supplier", "S-" + (10 + i % 4)))
        .setRelatedObjects(List.of(new BusinessObjectRef("sku", String.format("SKU-%04d", i % 7)),
            new BusinessObjectRef("plant", "P-0" + (i % 3 + 1))))
        .setMeasures(measures)
        .setAttributes(Map.of("tier", Integer.toString(1 + i % 2), "country", i % 2 == 0 ? "PL" : "CZ",
            "category", i % 2 == 0 ? "fasteners" : "seals", "result", i % 4 == 0 ? "pass" : "fail"))
        .build();
  }

  /** npm install of the script's packages, once per build directory (npm's own cache makes reinstalls quick). */
  private static void installNodePackages() throws Exception {
    Files.createDirectories(NODE_DIR);
    for (String file : List.of("package.json", "produce-inspections.cjs")) {
      Files.copy(Path.of("src/test/resources/node", file), NODE_DIR.resolve(file),
          StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"))
        && Files.isDirectory(NODE_DIR.resolve("node_modules/kafkajs"))) {
      return;
    }
    // --prefer-online: a cached abbreviated package document may miss versions published since it was cached.
    run(NODE_DIR, Duration.ofMinutes(8), "npm", "install", "--prefer-online", "--no-audit", "--no-fund",
        "--no-package-lock");
  }

  private static String run(Path dir, Duration timeout, String... command) throws IOException,
      InterruptedException {
    Path log = Files.createTempFile(dir, command[0] + "-", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " in " + dir.toAbsolutePath()
          + (finished ? " exited with " + process.exitValue() : " did not finish in " + timeout) + ":\n" + output);
    }
    return output;
  }
}
