package io.fulcrum.connect.clickhouse.internal;

import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import io.fulcrum.connect.clickhouse.ClickHouseSchemaMismatchException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of one insert, already encoded as RowBinary for the mapped columns: encoding at {@link #add} gives the
 * exact byte size for the byte limit and surfaces a value the column type cannot take at the record that has it.
 */
public final class RowBatch {

    private final String table;
    private final TableSchema schema;
    private final ExposedBuffer buffer = new ExposedBuffer();
    private final RowBinaryFormatWriter writer;
    private int rows;

    /** @param schema the mapped columns of the table, in mapping order */
    public RowBatch(String table, TableSchema schema) {
        this.table = table;
        this.schema = schema;
        this.writer = new RowBinaryFormatWriter(buffer, schema, ClickHouseFormat.RowBinary);
    }

    /**
     * Encodes one row. After a failure the batch holds part of the row and must be dropped, which the failing job
     * does.
     *
     * @param values in the order of the schema's columns
     * @throws ClickHouseSchemaMismatchException naming the column when a value does not fit its type
     */
    public void add(Object[] values) throws ClickHouseSchemaMismatchException {
        try {
            for (int i = 0; i < values.length; i++) {
                writer.setValue(i + 1, values[i]); // 1-based, as in JDBC; by index saves a name lookup per value
            }
            writer.commitRow();
        } catch (Exception e) {
            throw mismatch(values, e);
        }
        rows++;
    }

    /** Finds the column whose value fails by encoding each value alone; only runs once a row has failed. */
    private ClickHouseSchemaMismatchException mismatch(Object[] values, Exception rowFailure) {
        List<ClickHouseColumn> columns = schema.getColumns();
        for (int i = 0; i < columns.size() && i < values.length; i++) {
            ClickHouseColumn column = columns.get(i);
            RowBinaryFormatWriter single = new RowBinaryFormatWriter(OutputStream.nullOutputStream(),
                    new TableSchema(List.of(column)), ClickHouseFormat.RowBinary);
            try {
                single.setValue(1, values[i]);
                single.commitRow();
            } catch (Exception e) {
                return new ClickHouseSchemaMismatchException("Value " + values[i] + " (" + (values[i] == null ? "null"
                        : values[i].getClass().getName()) + ") cannot be written to column " + column.getColumnName()
                        + " " + column.getOriginalTypeName() + " of table " + table + ": " + e
                        + ". Align the RowMapping with the table (or migrate the table).", e);
            }
        }
        return new ClickHouseSchemaMismatchException("A row cannot be encoded for table " + table + " with columns "
                + columns + ": " + rowFailure + ". Align the RowMapping with the table (or migrate the table); row "
                + "values: " + Arrays.toString(values), rowFailure);
    }

    public String table() {
        return table;
    }

    public List<String> columnNames() {
        return schema.getColumns().stream().map(ClickHouseColumn::getColumnName).collect(Collectors.toList());
    }

    public int rows() {
        return rows;
    }

    public int bytes() {
        return buffer.size();
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** The encoded rows; valid until {@link #clear()}. */
    public InputStream body() {
        return new ByteArrayInputStream(buffer.array(), 0, buffer.size());
    }

    /**
     * A token that is the same whenever the same rows are sent in the same order: hex SHA-256 of the table name and
     * the encoded rows. A retried batch carries the token of its first attempt, so ClickHouse drops it when the
     * first attempt had landed after all.
     */
    public String deduplicationToken() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(table.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(buffer.array(), 0, buffer.size());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Empties the batch and keeps its buffer for the next one. */
    public void clear() {
        buffer.reset();
        writer.clearRow();
        rows = 0;
    }

    /** A byte buffer whose array can be read without a copy. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer() {
            super(1 << 16);
        }

        byte[] array() {
            return buf;
        }
    }
}
