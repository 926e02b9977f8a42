package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.clickhouse.internal.ClientBatchInserter;
import io.fulcrum.connect.clickhouse.internal.RowBatch;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import io.fulcrum.schema.KpiValue;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which mechanism makes a write idempotent, shown on kpi_values with background merges stopped (so the table's
 * count is every row that was kept). ClickHouse collapses rows with the same key inside one insert already
 * ({@code optimize_on_insert}), so an insert keeps one row per distinct key in its batch. The deduplication token drops a batch sent again with the same content — a
 * retry — from the table itself; a replay after recovery batches rows differently, gets other tokens and lands
 * again, and only the ReplacingMergeTree key with its revision version keeps the view exact. The view therefore
 * carries the guarantee; the token keeps retries from even reaching the table.
 */
@ExtendWith(ClickHouseExtension.class)
class IdempotencyITCase {

    private static final RowMapping<KpiValue> MAPPING = FulcrumTables.kpiValues();

    private ClickHouseConnectionSettings db;
    private ClientBatchInserter inserter;
    private final GeneratedKpiValues values = new GeneratedKpiValues(100, 2); // 100 windows, revisions 0 and 1

    @BeforeEach
    void migrate(ClickHouseServer server) throws Exception {
        db = ClickHouseDatabases.fresh(server, "idempotency");
        Migrator.of(db, DdlLayout.singleNode(), Migrations.bundled()).migrate();
        ClickHouseDatabases.execute(db, "SYSTEM STOP MERGES kpi_values");
        inserter = ClientBatchInserter.connect(db);
    }

    @AfterEach
    void disconnect() throws Exception {
        inserter.close();
    }

    private RowBatch batch(long fromIndex, long toIndex) throws Exception {
        RowBatch batch = new RowBatch(MAPPING.table(), inserter.mappedSchema(MAPPING));
        for (long i = fromIndex; i < toIndex; i++) {
            batch.add(MAPPING.values(values.value(i)));
        }
        return batch;
    }

    /** Rows one insert of records [from, to) keeps: its distinct window keys. */
    private long keptBy(long from, long to) {
        return java.util.stream.LongStream.range(from, to).map(i -> i % values.keys).distinct().count();
    }

    private long tableRows() throws Exception {
        return ClickHouseDatabases.count(db, "SELECT count() FROM kpi_values");
    }

    @Test
    void retryWithTheSameTokenIsDroppedByTheTable() throws Exception {
        RowBatch all = batch(0, 200);
        inserter.insert(all, all.deduplicationToken());
        assertThat(tableRows()).isEqualTo(keptBy(0, 200)).isEqualTo(100);
        inserter.insert(all, all.deduplicationToken());

        assertThat(tableRows()).isEqualTo(100);
        assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).containsExactlyElementsOf(values.expectedLatest());
    }

    @Test
    void sameRowsUnderAnotherTokenReachTheTableButNotTheView() throws Exception {
        RowBatch all = batch(0, 200);
        inserter.insert(all, all.deduplicationToken());
        inserter.insert(all, "another-token");

        // identical data is not dropped by content: the token alone decides
        assertThat(tableRows()).isEqualTo(2 * keptBy(0, 200)).isEqualTo(200);
        assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).containsExactlyElementsOf(values.expectedLatest());
    }

    @Test
    void replayInOtherBatchesLandsTwiceInTheTableAndOnceInTheView() throws Exception {
        // first run: two batches; the replay after recovery cuts the same rows at another place
        for (long[] range : List.of(new long[] {0, 120}, new long[] {120, 200}, new long[] {0, 50},
                new long[] {50, 200})) {
            RowBatch b = batch(range[0], range[1]);
            inserter.insert(b, b.deduplicationToken());
        }

        assertThat(tableRows()).isEqualTo(keptBy(0, 120) + keptBy(120, 200) + keptBy(0, 50) + keptBy(50, 200))
                .isEqualTo(100 + 80 + 50 + 100);
        assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).hasSize(100)
                .containsExactlyElementsOf(values.expectedLatest());
    }

    @Test
    void lateReplayOfAnOlderRevisionDoesNotHideTheNewerOne() throws Exception {
        RowBatch revisionOne = batch(100, 200);
        inserter.insert(revisionOne, revisionOne.deduplicationToken());
        RowBatch revisionZero = batch(0, 100);
        inserter.insert(revisionZero, revisionZero.deduplicationToken());

        assertThat(ClickHouseDatabases.rows(db, "SELECT DISTINCT revision FROM kpi_values_latest")).containsExactly("1");
        assertThat(GeneratedKpiValues.read(db, "kpi_values_latest")).containsExactlyElementsOf(values.expectedLatest());
    }
}
