package io.fulcrum.app;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.impact.InitiativeFile;
import io.fulcrum.pipeline.FulcrumPipeline;
import io.fulcrum.pipeline.PipelineConfig;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.Initiative;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** {@code fulcrum initiative publish FILE.yaml}: validates an initiative and publishes it to the initiatives topic. */
@Command(name = "initiative", mixinStandardHelpOptions = true, description = "Manage initiatives.",
        subcommands = {InitiativeCommand.Publish.class})
final class InitiativeCommand {

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Validate an initiative file against the KPIs and known objects, then publish it "
                    + "(a later publish of the same id replaces it; status cancelled withdraws its estimates).")
    static final class Publish implements Callable<Integer> {

        @Parameters(index = "0", description = "The initiative's YAML file.")
        Path file;

        @Option(names = "--config", description = "Configuration directory (default: ${DEFAULT-VALUE}).",
                defaultValue = "${sys:fulcrum.home:-.}/config/demo")
        Path config;

        @Override
        public Integer call() throws Exception {
            FulcrumPipeline pipeline = FulcrumPipeline.load(config);
            PipelineConfig c = pipeline.config();
            Initiative initiative = InitiativeFile.load(file, pipeline.kpis(), Clock.systemUTC());
            List<String> unknown = unknownObjects(c, initiative);
            if (!unknown.isEmpty()) {
                System.err.printf("%s: scope or controls name objects that have no KPI values in %s: %s; check the "
                        + "ids (known objects of a type are listed by SELECT DISTINCT object_id FROM "
                        + "kpi_values_latest WHERE object_type = '...')%n", file, c.clickhouse().jdbcUrl(), unknown);
                return 2;
            }
            SchemaRegistryClient registry = SchemaRegistryClient.create(SchemaRegistryConfig.of(c.registryUrl()));
            byte[] value = new ConfluentAvroEncoder<>(AvroRecordFormat.specific(Initiative.class), registry,
                    c.topics().initiatives(), false, SubjectNameStrategy.TOPIC_NAME, true).encode(initiative);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafka().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.putAll(c.kafka().properties());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(c.topics().initiatives(),
                        initiative.getInitiativeId().getBytes(StandardCharsets.UTF_8), value)).get();
            }
            System.out.printf("published initiative %s (%s, %s) to %s%n", initiative.getInitiativeId(),
                    initiative.getTitle(), initiative.getStatus(), c.topics().initiatives());
            return 0;
        }

        /**
         * Objects of the initiative that ClickHouse has never seen a KPI value for, when it has seen objects of
         * that type at all (a fresh deployment knows no objects yet, so nothing is rejected then).
         */
        private static List<String> unknownObjects(PipelineConfig c, Initiative initiative) throws SQLException {
            List<BusinessObjectRef> named = new ArrayList<>(initiative.getScope().getObjects());
            named.addAll(initiative.getControlObjects());
            List<String> unknown = new ArrayList<>();
            Properties props = new Properties();
            props.putAll(c.clickhouse().properties());
            try (Connection conn = DriverManager.getConnection(c.clickhouse().jdbcUrl(), props);
                 PreparedStatement s = conn.prepareStatement("SELECT countIf(object_id = ?), count() "
                         + "FROM kpi_values WHERE object_type = ?")) {
                for (BusinessObjectRef o : named) {
                    s.setString(1, o.getId());
                    s.setString(2, o.getType());
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) == 0 && r.getLong(2) > 0) {
                            unknown.add(o.getType() + "/" + o.getId());
                        }
                    }
                }
            }
            return unknown;
        }
    }
}
