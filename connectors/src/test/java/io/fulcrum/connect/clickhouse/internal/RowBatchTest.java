package io.fulcrum.connect.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import io.fulcrum.connect.clickhouse.ClickHouseSchemaMismatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the RowBinary bytes against an encoding written from the format's documentation in this test. */
class RowBatchTest {

    private static TableSchema schema() {
        return new TableSchema("t", null, "db", List.of(
                ClickHouseColumn.of("id", "LowCardinality(String)"),
                ClickHouseColumn.of("at", "DateTime64(3, 'UTC')"),
                ClickHouseColumn.of("value", "Float64"),
                ClickHouseColumn.of("ratio", "Nullable(Float64)"),
                ClickHouseColumn.of("count", "UInt64"),
                ClickHouseColumn.of("revision", "UInt32"),
                ClickHouseColumn.of("raw", "Nullable(String)"),
                ClickHouseColumn.of("tags", "Array(String)")));
    }

    @Test
    void encodesRowsAsDocumentedRowBinary() throws Exception {
        RowBatch batch = new RowBatch("t", schema());
        Instant at = Instant.parse("2026-11-02T10:15:30.123Z");
        byte[] raw = {0, (byte) 0xff, 'a'};
        batch.add(new Object[] {"SKU-1", at, 0.5, null, 7L, 3, raw, List.of("x", "yz")});
        batch.add(new Object[] {"é", at, -1.25, 2.0, 0L, 0, null, List.of()});

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        string(expected, "SKU-1".getBytes(StandardCharsets.UTF_8));
        int64(expected, at.toEpochMilli());
        float64(expected, 0.5);
        expected.write(1); // Nullable: null
        int64(expected, 7);
        int32(expected, 3);
        expected.write(0); // Nullable: present
        string(expected, raw);
        leb128(expected, 2);
        string(expected, "x".getBytes(StandardCharsets.UTF_8));
        string(expected, "yz".getBytes(StandardCharsets.UTF_8));

        string(expected, "é".getBytes(StandardCharsets.UTF_8));
        int64(expected, at.toEpochMilli());
        float64(expected, -1.25);
        expected.write(0);
        float64(expected, 2.0);
        int64(expected, 0);
        int32(expected, 0);
        expected.write(1);
        leb128(expected, 0);

        assertThat(batch.rows()).isEqualTo(2);
        assertThat(batch.bytes()).isEqualTo(expected.size());
        assertThat(batch.body().readAllBytes()).isEqualTo(expected.toByteArray());
    }

    @Test
    void tokenDependsOnTableAndContentOnly() throws Exception {
        RowBatch a = new RowBatch("t", schema());
        RowBatch b = new RowBatch("t", schema());
        RowBatch other = new RowBatch("u", schema());
        Object[] row = {"SKU-1", Instant.EPOCH, 1.0, null, 1L, 0, null, List.of()};
        a.add(row);
        b.add(row.clone());
        other.add(row.clone());
        assertThat(a.deduplicationToken()).isEqualTo(b.deduplicationToken()).hasSize(64)
                .isNotEqualTo(other.deduplicationToken());
        b.add(row.clone());
        assertThat(b.deduplicationToken()).isNotEqualTo(a.deduplicationToken());
        b.clear();
        b.add(row.clone());
        assertThat(b.deduplicationToken()).isEqualTo(a.deduplicationToken());
        assertThat(b.rows()).isEqualTo(1);
    }

    @Test
    void valueOfTheWrongTypeNamesColumnAndTable() {
        RowBatch batch = new RowBatch("t", schema());
        assertThatThrownBy(() -> batch.add(new Object[] {"SKU-1", Instant.EPOCH, "not a number", null, 1L, 0, null,
                List.of()}))
                .isInstanceOf(ClickHouseSchemaMismatchException.class)
                .hasMessageStartingWith("Value not a number (java.lang.String) cannot be written to column value "
                        + "Float64 of table t: ")
                .hasMessageEndingWith(". Align the RowMapping with the table (or migrate the table).");
    }

    private static void leb128(ByteArrayOutputStream out, long v) {
        do {
            byte b = (byte) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) throws IOException {
        leb128(out, bytes.length);
        out.write(bytes);
    }

    private static void int64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void float64(ByteArrayOutputStream out, double v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
    }

}
