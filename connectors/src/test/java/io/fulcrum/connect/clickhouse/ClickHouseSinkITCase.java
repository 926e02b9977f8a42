package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import io.fulcrum.schema.AlertSeverity;
import io.fulcrum.schema.AlertState;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.DeadLetter;
import io.fulcrum.schema.DeadLetterReason;
import io.fulcrum.schema.ExpectedDirection;
import io.fulcrum.schema.ImpactEstimate;
import io.fulcrum.schema.ImpactMethod;
import io.fulcrum.schema.ImpactScope;
import io.fulcrum.schema.ImpactVerdict;
import io.fulcrum.schema.Initiative;
import io.fulcrum.schema.InitiativeScope;
import io.fulcrum.schema.InitiativeStatus;
import io.fulcrum.schema.KpiAlert;
import io.fulcrum.schema.KpiTarget;
import io.fulcrum.schema.KpiValue;
import io.fulcrum.schema.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink in a Flink job on a MiniCluster against the embedded ClickHouse endpoint. */
@ExtendWith(ClickHouseExtension.class)
class ClickHouseSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static ClickHouseConnectionSettings migrated(ClickHouseServer server, String prefix) throws Exception {
        ClickHouseConnectionSettings db = ClickHouseDatabases.fresh(server, prefix);
        Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled()).migrate();
        return db;
    }

    @Test
    void kpiValuesLandExactlyAndTheViewShowsTheLatestRevision(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings db = migrated(server, "sink_exact");
        // without background merges the table keeps every row written, so its count is exact
        ClickHouseDatabases.execute(db, "SYSTEM STOP MERGES kpi_values");
        GeneratedKpiValues values = new GeneratedKpiValues(3_000, 3);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSource(new DataGeneratorSource<>(values, values.count(), new AvroTypeInfo<>(KpiValue.class)),
                        WatermarkStrategy.noWatermarks(), "kpi-values")
                .sinkTo(ClickHouseSink.<KpiValue>builder().connection(db).mapping(FulcrumTables.kpiValues())
                        .options(ClickHouseSinkOptions.builder().maxBatchRows(1_000).build()).build())
                .name("kpi-values-to-clickhouse");
        env.execute("sink exact");

        assertThat(ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values")).isEqualTo(9_000);
        assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).containsExactlyElementsOf(values.expectedLatest());
        // monthly partitions: the windows cross from October into November
        assertThat(ClickHouseDatabases.rows(db, "SELECT DISTINCT partition FROM system.parts WHERE database = "
                + "currentDatabase() AND table = 'kpi_values' AND active ORDER BY partition"))
                .containsExactly("202610", "202611");
    }

    @Test
    void checkpointsAloneWriteTheRowsWhenNoOtherTriggerFires(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings db = migrated(server, "sink_checkpoint");
        GeneratedKpiValues values = new GeneratedKpiValues(2_000, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        // an endless source repeating the same 2,000 rows: the input never ends, so no end-of-input flush
        env.fromSource(new DataGeneratorSource<>(i -> values.value(i % values.keys), Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(2_000), new AvroTypeInfo<>(KpiValue.class)),
                        WatermarkStrategy.noWatermarks(), "endless-kpi-values")
                // no batch fills up and no batch gets old: only the flush before each checkpoint barrier writes
                .sinkTo(ClickHouseSink.<KpiValue>builder().connection(db).mapping(FulcrumTables.kpiValues())
                        .options(ClickHouseSinkOptions.builder().maxBatchRows(Integer.MAX_VALUE)
                                .maxBatchBytes(ClickHouseSinkOptions.MAX_BATCH_BYTES_LIMIT).maxBatchDelay(Duration.ofHours(1)).build())
                        .build());
        JobClient job = env.executeAsync("checkpoint flush");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values_latest") < values.keys
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).containsExactlyElementsOf(values.expectedLatest());
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void everyResultRecordLandsInItsTableAndView(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings db = migrated(server, "sink_records");
        Instant t0 = Instant.parse("2026-11-02T08:00:00Z");
        BusinessObjectRef lane = BusinessObjectRef.newBuilder().setType("route").setId("DE-FR").build();
        ImpactEstimate estimate = ImpactEstimate.newBuilder().setInitiativeId("INI-7").setKpiId("otif")
                .setScope(ImpactScope.TREATED_GROUP).setObject(null).setMethod(ImpactMethod.DIFFERENCE_IN_DIFFERENCES)
                .setPreMean(0.8).setPostMean(0.9).setAbsoluteEffect(0.1).setRelativeEffect(0.125)
                .setIntervalLower(0.05).setIntervalUpper(0.15).setIntervalLevel(0.95).setPValue(0.001)
                .setCumulativeEffect(12.5).setControlCount(4).setPreSampleSize(30).setPostSampleSize(20)
                .setShiftTime(t0).setVerdict(ImpactVerdict.IMPROVED).setRevision(0).setComputedAt(t0).build();
        ImpactEstimate revised = ImpactEstimate.newBuilder(estimate).setPostMean(0.92).setAbsoluteEffect(0.12)
                .setRevision(1).build();
        KpiAlert opened = KpiAlert.newBuilder().setAlertId("AL-1").setState(AlertState.OPENED).setKpiId("otif")
                .setObject(lane).setWindowStart(t0).setWindowEnd(t0.plusSeconds(3600)).setObservedValue(0.5)
                .setExpectedValue(null).setExpectedLower(0.8).setExpectedUpper(null).setDetector("static-threshold")
                .setSeverity(AlertSeverity.WARNING).setActiveInitiatives(List.of("INI-7", "INI-9")).setOpenedAt(t0)
                .setUpdatedAt(t0).setResolvedAt(null)
                .setReason("OTIF (route DE-FR) was 0.5 in the window 2026-11-02 08:00-09:00 UTC, below the warning "
                        + "threshold 0.8 (threshold detector); flapping (opened or resolved 4 times in the last 10 "
                        + "windows): held open, notifications held until it settles")
                .setFlapping(true).build();
        KpiAlert otherOpened = KpiAlert.newBuilder(opened).setAlertId("AL-2").build();
        KpiAlert resolved = KpiAlert.newBuilder(otherOpened).setState(AlertState.RESOLVED)
                .setUpdatedAt(t0.plusSeconds(7200)).setResolvedAt(t0.plusSeconds(7200))
                .setReason("OTIF (route DE-FR) was 0.9 in the window 2026-11-02 09:00-10:00 UTC, not below the warning "
                        + "threshold 0.8 (threshold detector); resolved after 1 normal window in a row")
                .setFlapping(false).build();
        Initiative initiative = Initiative.newBuilder().setInitiativeId("INI-7").setTitle("Switch lane DE-FR to carrier B")
                .setOwner("logistics").setStatus(InitiativeStatus.ACTIVE)
                .setTargetKpis(List.of(KpiTarget.newBuilder().setKpiId("otif").setDirection(ExpectedDirection.INCREASE)
                        .setTargetValue(null).build()))
                .setScope(InitiativeScope.newBuilder().setObjects(List.of(lane)).setSelectors(List.of()).build())
                .setStartTime(t0).setEndTime(null).setRampUpMillis(86_400_000L).setControlObjects(List.of())
                .setUpdatedAt(t0).build();
        byte[] badBytes = {0x01, 0x00, (byte) 0xfe, 'x'};
        DeadLetter deadLetter = DeadLetter.newBuilder().setSourceTopic("ops.events").setSourcePartition(3)
                .setSourceOffset(4711).setSourceTimestamp(t0).setKey(ByteBuffer.wrap("k-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(badBytes))
                .setHeaders(List.of(RecordHeader.newBuilder().setKey("trace").setValue(null).build()))
                .setReasonCode(DeadLetterReason.WRONG_MAGIC_BYTE).setReasonMessage("first byte is 0x01, not 0")
                .setFailedAt(t0).build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(new AvroTypeInfo<>(ImpactEstimate.class), estimate, revised)
                .sinkTo(ClickHouseSink.<ImpactEstimate>builder().connection(db).mapping(FulcrumTables.impactEstimates()).build());
        env.fromData(new AvroTypeInfo<>(KpiAlert.class), opened, otherOpened, resolved)
                .sinkTo(ClickHouseSink.<KpiAlert>builder().connection(db).mapping(FulcrumTables.kpiAlerts()).build());
        env.fromData(new AvroTypeInfo<>(Initiative.class), initiative)
                .sinkTo(ClickHouseSink.<Initiative>builder().connection(db).mapping(FulcrumTables.initiatives()).build());
        env.fromData(new AvroTypeInfo<>(DeadLetter.class), deadLetter)
                .sinkTo(ClickHouseSink.<DeadLetter>builder().connection(db).mapping(FulcrumTables.deadLetters()).build());
        env.execute("sink every record");

        assertThat(ClickHouseDatabases.rows(db, "SELECT initiative_id, kpi_id, scope, object_type, object_id, "
                + "post_mean, absolute_effect, relative_effect, p_value, control_count, "
                + "toUnixTimestamp64Milli(shift_time), revision FROM impact_estimates_latest"))
                .containsExactly("INI-7|otif|TREATED_GROUP|||0.92|0.12|0.125|0.001|4|" + t0.toEpochMilli() + "|1");
        assertThat(ClickHouseDatabases.rows(db, "SELECT alert_id, state, object_type, object_id, expected_value, "
                + "expected_lower, severity, arrayStringConcat(active_initiatives, ','), resolved_at FROM kpi_alerts_open"))
                .containsExactly("AL-1|OPENED|route|DE-FR|null|0.8|WARNING|INI-7,INI-9|null");
        assertThat(ClickHouseDatabases.rows(db, "SELECT alert_id, reason, flapping FROM kpi_alerts_open"))
                .containsExactly("AL-1|" + opened.getReason() + "|true");
        assertThat(ClickHouseDatabases.rows(db, "SELECT alert_id, state, reason, flapping FROM kpi_alerts "
                + "WHERE state = 'RESOLVED'")).containsExactly("AL-2|RESOLVED|" + resolved.getReason() + "|false");
        assertThat(ClickHouseDatabases.count(db, "SELECT count() FROM kpi_alerts")).isEqualTo(3);
        assertThat(ClickHouseDatabases.rows(db, "SELECT initiative_id, title, status, arrayStringConcat(target_kpi_ids, ','), "
                + "JSONExtractString(scope_json, 'objects', 1, 'id'), ramp_up_millis, end_time FROM initiatives_latest"))
                .containsExactly("INI-7|Switch lane DE-FR to carrier B|" + InitiativeStatus.ACTIVE
                        + "|otif|DE-FR|86400000|null");
        assertThat(ClickHouseDatabases.rows(db, "SELECT source_topic, source_partition, source_offset, key, hex(value), "
                + "arrayStringConcat(header_keys, ','), header_values[1] IS NULL, reason_code FROM dead_letters"))
                .containsExactly("ops.events|3|4711|k-1|0100FE78|trace|1|WRONG_MAGIC_BYTE");
    }

    @Test
    void missingColumnFailsTheJobWithTheTableAndTheFix(ClickHouseServer server) throws Exception {
        ClickHouseConnectionSettings db = migrated(server, "sink_mismatch");
        ClickHouseDatabases.execute(db, "ALTER TABLE kpi_values DROP COLUMN sample_count");
        GeneratedKpiValues values = new GeneratedKpiValues(10, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(LongStream.range(0, 10).mapToObj(values::value).collect(Collectors.toList()),
                        new AvroTypeInfo<>(KpiValue.class))
                .sinkTo(ClickHouseSink.<KpiValue>builder().connection(db).mapping(FulcrumTables.kpiValues()).build());

        assertThatThrownBy(() -> env.execute("sink mismatch"))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, ClickHouseSchemaMismatchException.class))
                        .get().extracting(Throwable::getMessage).asString()
                        .startsWith("Table kpi_values does not fit its RowMapping: mapped columns [sample_count] are "
                                + "not in the table;")
                        .contains("Run the migrations (Migrator)"));
    }

}
