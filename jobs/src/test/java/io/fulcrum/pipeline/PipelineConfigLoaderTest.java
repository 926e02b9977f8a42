package io.fulcrum.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigLoaderTest {

    private static final String MINIMAL = String.join("\n",
            "kafka:",
            "  bootstrapServers: broker:9092",
            "registry:",
            "  url: http://registry:8081",
            "clickhouse:",
            "  jdbcUrl: jdbc:clickhouse://ch:8123/fulcrum",
            "");

    @TempDir Path dir;

    @Test
    void minimalFileTakesTheDocumentedDefaults() throws IOException {
        PipelineConfig config = load(MINIMAL);

        assertThat(config.kafka()).isEqualTo(new PipelineConfig.Kafka("broker:9092", "fulcrum", Map.of()));
        assertThat(config.registryUrl()).isEqualTo("http://registry:8081");
        assertThat(config.clickhouse()).isEqualTo(new PipelineConfig.ClickHouse("jdbc:clickhouse://ch:8123/fulcrum",
                Map.of(), null));
        assertThat(config.topics()).isEqualTo(new PipelineConfig.Topics("fulcrum.operational-events",
                "fulcrum.kpi-values", "fulcrum.initiatives", "fulcrum.impact-estimates", "fulcrum.kpi-alerts",
                "fulcrum.dead-letters"));
        assertThat(config.job()).isEqualTo(new PipelineConfig.Job(1, Duration.ofSeconds(10), null,
                Duration.ofMinutes(5), Duration.ofSeconds(30), false, Optional.empty()));
        assertThat(config.kpiDirectory()).isEqualTo(dir.resolve("kpis"));
        assertThat(config.webhooks()).isEmpty();
    }

    @Test
    void everyFieldIsRead() throws IOException {
        PipelineConfig config = load(MINIMAL.replace("  bootstrapServers: broker:9092",
                "  bootstrapServers: broker:9092\n  groupId: kpi-eu\n  properties:\n    security.protocol: SSL")
                .replace("  jdbcUrl: jdbc:clickhouse://ch:8123/fulcrum",
                        "  jdbcUrl: jdbc:clickhouse://ch:8123/fulcrum\n  cluster: main\n  properties:\n    user: bi")
                + String.join("\n",
                "topics:",
                "  events: ev",
                "  kpiValues: kv",
                "job:",
                "  parallelism: 4",
                "  checkpointInterval: 1m",
                "  checkpointDirectory: file:///var/fulcrum/cp",
                "  outOfOrderness: 90s",
                "  idleness: 2m",
                "  bounded: true",
                "  deduplicationWindow: 2d",
                "webhooks:",
                "  alertmanager:",
                "    url: http://am:9093/api/v2/alerts",
                "    headers: {Authorization: Bearer t}",
                ""));

        assertThat(config.kafka()).isEqualTo(new PipelineConfig.Kafka("broker:9092", "kpi-eu",
                Map.of("security.protocol", "SSL")));
        assertThat(config.clickhouse()).isEqualTo(new PipelineConfig.ClickHouse("jdbc:clickhouse://ch:8123/fulcrum",
                Map.of("user", "bi"), "main"));
        assertThat(config.topics().events()).isEqualTo("ev");
        assertThat(config.topics().kpiValues()).isEqualTo("kv");
        assertThat(config.topics().alerts()).isEqualTo("fulcrum.kpi-alerts");
        assertThat(config.webhooks()).containsExactly(new PipelineConfig.Webhook("alertmanager",
                java.net.URI.create("http://am:9093/api/v2/alerts"), Map.of("Authorization", "Bearer t")));
        assertThat(config.job()).isEqualTo(new PipelineConfig.Job(4, Duration.ofMinutes(1),
                "file:///var/fulcrum/cp", Duration.ofSeconds(90), Duration.ofMinutes(2), true,
                Optional.of(Duration.ofDays(2))));
    }

    @Test
    void unknownFieldIsNamedWithTheAllowedOnes() throws IOException {
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  paralelism: 2\n"))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessage(dir.resolve("fulcrum.yaml") + ": field 'job.paralelism': unknown field; allowed here: "
                        + "[bounded, checkpointDirectory, checkpointInterval, deduplicationWindow, idleness, outOfOrderness, "
                        + "parallelism]");
    }

    @Test
    void deduplicationWindowIsOffWhenNullAndReadInEitherDurationForm() throws IOException {
        assertThat(load(MINIMAL + "job:\n  deduplicationWindow: null\n").job().deduplicationWindow()).isEmpty();
        assertThat(load(MINIMAL + "job:\n  deduplicationWindow: PT36H\n").job().deduplicationWindow())
                .contains(Duration.ofHours(36));
    }

    @Test
    void deduplicationWindowUnderOneMillisecondIsRejectedWithTheFix() throws IOException {
        String fix = " must be 1ms or longer; write e.g. 1d (at least the longest KPI window plus its "
                + "allowedLateness), or leave the field out to count every event";
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  deduplicationWindow: 0s\n"))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessage(dir.resolve("fulcrum.yaml") + ": field 'job.deduplicationWindow': '0s'" + fix);
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  deduplicationWindow: PT-1H\n"))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessage(dir.resolve("fulcrum.yaml") + ": field 'job.deduplicationWindow': 'PT-1H'" + fix);
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  deduplicationWindow: PT0.0005S\n"))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessage(dir.resolve("fulcrum.yaml") + ": field 'job.deduplicationWindow': 'PT0.0005S'" + fix);
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  deduplicationWindow: a day\n"))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessage(dir.resolve("fulcrum.yaml") + ": field 'job.deduplicationWindow': 'a day' is not a "
                        + "duration: write a whole number and a unit ms, s, m, h, d or w, e.g. 1h or 30m");
    }

    @Test
    void badDurationNamesFieldAndFix() throws IOException {
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  checkpointInterval: ten seconds\n"))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessageEndingWith("field 'job.checkpointInterval': 'ten seconds' is not a duration: write a whole "
                        + "number and a unit ms, s, m, h, d or w, e.g. 1h or 30m");
    }

    @Test
    void missingSectionAndWrongUrlsAreNamed() throws IOException {
        assertThatThrownBy(() -> load(MINIMAL.replace("registry:\n  url: http://registry:8081\n", "")))
                .hasMessageContaining("field 'registry': section is missing");
        assertThatThrownBy(() -> load(MINIMAL.replace("jdbc:clickhouse://ch:8123/fulcrum", "http://ch:8123")))
                .hasMessageContaining("field 'clickhouse.jdbcUrl': 'http://ch:8123' is not a clickhouse-jdbc URL");
        assertThatThrownBy(() -> load(MINIMAL + "webhooks:\n  slack: {url: http://x}\n"))
                .hasMessageContaining("field 'webhooks.slack': unknown field; allowed here: [alertmanager, json]");
        assertThatThrownBy(() -> load(MINIMAL + "webhooks:\n  json: {url: 'ftp://x'}\n"))
                .hasMessageContaining("field 'webhooks.json.url': 'ftp://x' is not an http(s) URL");
        assertThatThrownBy(() -> load(MINIMAL + "job:\n  parallelism: 0\n"))
                .hasMessageContaining("field 'job.parallelism': '0' must be a whole number >= 1");
    }

    @Test
    void missingFileSaysWhatADirectoryHolds() {
        assertThatThrownBy(() -> PipelineConfigLoader.load(dir))
                .isInstanceOf(PipelineConfigurationException.class)
                .hasMessageContaining("fulcrum.yaml: field '(file)': not found");
    }

    private PipelineConfig load(String yaml) throws IOException {
        Files.writeString(dir.resolve("fulcrum.yaml"), yaml);
        return PipelineConfigLoader.load(dir);
    }
}
