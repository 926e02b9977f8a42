package io.fulcrum.connect.clickhouse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How records of one type become rows of one ClickHouse table: the table and, in order, each column with the
 * function giving its value. Values are plain Java values the client writes for the column's type ({@code String},
 * boxed numbers, {@code Instant} for DateTime64, {@code List} for arrays, {@code null} for Nullable columns);
 * columns of the table that the mapping leaves out take their defaults.
 *
 * <pre>{@code
 * RowMapping<KpiValue> mapping = RowMapping.<KpiValue>into("kpi_values")
 *         .column("kpi_id", KpiValue::getKpiId)
 *         .column("value", KpiValue::getValue)
 *         .build();
 * }</pre>
 *
 * @param <T> the record type
 */
public final class RowMapping<T> implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The value of one column for a record; serializable so a mapping travels with the job graph. */
    @FunctionalInterface
    public interface ColumnValue<T> extends Serializable {
        Object of(T record);
    }

    private final String table;
    private final List<String> columns;
    private final List<ColumnValue<T>> values;

    private RowMapping(String table, List<String> columns, List<ColumnValue<T>> values) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
    }

    /** Starts a mapping into a table of the connection's database. */
    public static <T> Builder<T> into(String table) {
        return new Builder<>(table);
    }

    public String table() {
        return table;
    }

    /** Column names in mapping order. */
    public List<String> columns() {
        return columns;
    }

    /** The values of a record's row, in {@link #columns()} order. */
    public Object[] values(T record) {
        Object[] row = new Object[values.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(i).of(record);
        }
        return row;
    }

    @Override
    public String toString() {
        return "RowMapping{" + table + " " + columns + "}";
    }

    /** Collects columns; {@link #build()} checks that there is at least one. */
    public static final class Builder<T> {
        private final String table;
        private final List<String> columns = new ArrayList<>();
        private final List<ColumnValue<T>> values = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        private Builder(String table) {
            this.table = identifier(Objects.requireNonNull(table, "table can't be null"), "table");
        }

        /**
         * @throws IllegalArgumentException when the name is not a plain identifier or was mapped before
         */
        public Builder<T> column(String name, ColumnValue<T> value) {
            Objects.requireNonNull(name, "column name can't be null");
            Objects.requireNonNull(value, "value of column " + name + " can't be null");
            identifier(name, "column of table " + table);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("column '" + name + "' of table " + table + " is mapped twice; "
                        + "map each column once");
            }
            columns.add(name);
            values.add(value);
            return this;
        }

        public RowMapping<T> build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("mapping into table " + table + " has no column; add at least one "
                        + "with column(name, value)");
            }
            return new RowMapping<>(table, columns, values);
        }

        private static String identifier(String name, String what) {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException(what + " name '" + name + "' is not a plain identifier "
                        + "(letters, digits, '_', not starting with a digit)");
            }
            return name;
        }
    }
}
