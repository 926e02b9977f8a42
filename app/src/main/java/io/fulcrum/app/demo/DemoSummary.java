package io.fulcrum.app.demo;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroDecoder;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.pipeline.PipelineConfig;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.KpiValue;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The demo's closing summary: the KPI movements the initiatives caused, and what went to the dead-letter topic. */
final class DemoSummary {

    private final PipelineConfig config;
    private final PrintStream out;
    private final SchemaRegistryClient registry;

    DemoSummary(PipelineConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.registry = SchemaRegistryClient.create(SchemaRegistryConfig.of(config.registryUrl()));
    }

    void print() throws Exception {
        List<KpiValue> latest = latestRevisions(readAll(config.topics().kpiValues(),
                new ConfluentAvroDecoder<>(AvroRecordFormat.specific(KpiValue.class), registry)));
        weeklyRatioTable("OTIF per lane, by week (deliveries on time and in full / all deliveries)",
                "otif_route", latest);
        weeklyRatioTable("Defect rate per supplier, by week (defective / inspected units, in ppm)",
                "defect_rate_supplier", latest, 1e6);
        List<DeadLetter> deadLetters = readAll(config.topics().deadLetters(),
                new ConfluentAvroDecoder<>(AvroRecordFormat.specific(DeadLetter.class), registry));
        Map<String, Integer> byReason = new TreeMap<>();
        deadLetters.forEach(d -> byReason.merge(d.getReasonCode().toString() + " (" + firstWord(
                d.getReasonMessage()) + ")", 1, Integer::sum));
        out.printf("%nDead letters on %s: %d%n", config.topics().deadLetters(), deadLetters.size());
        byReason.forEach((reason, n) -> out.printf("  %-40s %6d%n", reason, n));
    }

    private void weeklyRatioTable(String title, String kpiId, List<KpiValue> values) {
        weeklyRatioTable(title, kpiId, values, 1.0);
    }

    private void weeklyRatioTable(String title, String kpiId, List<KpiValue> values, double scale) {
        // Weekly ratio = sum of daily numerators / sum of daily denominators: averaging daily ratios would weigh
        // a quiet Sunday like a busy Monday.
        Map<String, Map<Long, double[]>> byObject = new TreeMap<>();
        long firstWeek = Long.MAX_VALUE;
        long lastWeek = Long.MIN_VALUE;
        for (KpiValue v : values) {
            if (!v.getKpiId().equals(kpiId) || v.getNumerator() == null) {
                continue;
            }
            long week = Duration.between(DemoRun.START, v.getWindowStart()).toDays() / 7;
            firstWeek = Math.min(firstWeek, week);
            lastWeek = Math.max(lastWeek, week);
            double[] sums = byObject.computeIfAbsent(v.getObject().getId(), k -> new TreeMap<>())
                    .computeIfAbsent(week, k -> new double[2]);
            sums[0] += v.getNumerator();
            sums[1] += v.getDenominator();
        }
        out.printf("%n%s%n", title);
        if (byObject.isEmpty()) {
            out.println("  (no values)");
            return;
        }
        StringBuilder header = new StringBuilder(String.format("  %-8s", ""));
        for (long w = firstWeek; w <= lastWeek; w++) {
            header.append(String.format(" %8s", "wk " + (w + 1)));
        }
        out.println(header);
        for (Map.Entry<String, Map<Long, double[]>> e : byObject.entrySet()) {
            StringBuilder row = new StringBuilder(String.format("  %-8s", e.getKey()));
            for (long w = firstWeek; w <= lastWeek; w++) {
                double[] s = e.getValue().get(w);
                row.append(s == null || s[1] == 0 ? String.format(" %8s", "-")
                        : String.format(scale == 1.0 ? " %8.3f" : " %8.0f", scale * s[0] / s[1]));
            }
            out.println(row);
        }
    }

    /** The highest revision of each (KPI, object, window): later revisions correct earlier ones. */
    static List<KpiValue> latestRevisions(List<KpiValue> values) {
        Map<String, KpiValue> latest = new HashMap<>();
        for (KpiValue v : values) {
            String key = v.getKpiId() + '\u0000' + v.getObject().getType() + '\u0000' + v.getObject().getId()
                    + '\u0000' + v.getWindowStart().toEpochMilli();
            latest.merge(key, v, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
        }
        return new ArrayList<>(latest.values());
    }

    private <T> List<T> readAll(String topic, ConfluentAvroDecoder<T> decoder) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(decoder.decode(r.value()));
                }
            }
        }
        return records;
    }

    private static String firstWord(String s) {
        int colon = s.indexOf(':');
        return colon > 0 ? s.substring(0, colon) : s.length() > 30 ? s.substring(0, 30) : s;
    }
}
