package io.fulcrum.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.devstack.flink.FlinkDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the job jar holds (an ITCase because the jar exists only after the package phase): the entry point, Fulcrum
 * and the connectors a Flink distribution lacks; none of the classes a distribution already has.
 */
class JobJarITCase {

    private static Set<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        entries = entriesOf(JobJar.path());
    }

    @Test
    void startsFulcrumJob() throws IOException {
        try (JarFile jar = new JarFile(JobJar.path().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.fulcrum.app.FulcrumJob");
        }
    }

    @Test
    void holdsFulcrumAndTheConnectorsAClusterLacks() {
        assertThat(entries).contains(
                "io/fulcrum/app/FulcrumJob.class",
                "io/fulcrum/pipeline/FulcrumPipeline.class",
                "io/fulcrum/kpi/KpiEngine.class",
                "io/fulcrum/connect/clickhouse/ClickHouseSink.class",
                "io/fulcrum/schema/KpiValue.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                "org/apache/flink/formats/avro/typeutils/AvroTypeInfo.class",
                "org/apache/avro/Schema.class",
                "com/clickhouse/jdbc/Driver.class",
                "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
                "org/apache/commons/math3/distribution/TDistribution.class");
    }

    @Test
    void leavesOutFlinkLoggingAndTheEmbeddedStack() {
        List<String> forbidden = List.of(
                "org/apache/flink/runtime/", "org/apache/flink/streaming/api/", "org/apache/flink/api/",
                "org/apache/flink/client/", "org/apache/flink/connector/base/", "org/apache/flink/shaded/",
                "org/apache/flink/core/", "com/esotericsoftware/kryo/", "org/slf4j/", "org/apache/logging/",
                "io/fulcrum/devstack/", "kafka/server/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/",
                "org/apache/kafka/storage/", "org/apache/kafka/coordinator/", "scala/", "org/junit/",
                "log4j2.xml");
        for (String prefix : forbidden) {
            assertThat(entries).as("entries under " + prefix).noneMatch(e -> e.startsWith(prefix));
        }
    }

    /** Checked against the jars the embedded cluster runs on, independently of the shade configuration. */
    @Test
    void sharesNoClassWithTheFlinkJarsOfTheCluster() throws IOException {
        List<String> shared = new ArrayList<>();
        for (Path jar : FlinkDistribution.jars()) {
            if (!jar.getFileName().toString().startsWith("flink-")) {
                continue;
            }
            for (String entry : entriesOf(jar)) {
                // META-INF/versions/: flink-shaded-jackson carries unrelocated multi-release classes of snakeyaml
                // there, which the job's own snakeyaml (source definitions) has too; not a class of Flink's.
                if (entry.endsWith(".class") && !entry.startsWith("META-INF/") && entries.contains(entry)) {
                    shared.add(jar.getFileName() + ": " + entry);
                }
            }
        }
        assertThat(shared).isEmpty();
    }

    @Test
    void mergesServiceFiles() throws IOException {
        assertThat(service("java.sql.Driver")).contains("com.clickhouse.jdbc.Driver");
        // Both the Kafka connector and flink-avro register table factories: merged, not one overwriting the other.
        assertThat(service("org.apache.flink.table.factories.Factory")).contains(
                "org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory",
                "org.apache.flink.formats.avro.AvroFormatFactory");
    }

    private static List<String> service(String name) throws IOException {
        try (JarFile jar = new JarFile(JobJar.path().toFile())) {
            ZipEntry entry = jar.getEntry("META-INF/services/" + name);
            assertThat(entry).as("META-INF/services/" + name).isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            }
        }
    }

    private static Set<String> entriesOf(Path path) throws IOException {
        Set<String> names = new HashSet<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            jar.stream().forEach(e -> names.add(e.getName()));
        }
        return names;
    }
}
