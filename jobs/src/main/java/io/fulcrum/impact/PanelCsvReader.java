package io.fulcrum.impact;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a long-format panel file (a header row, then one row per object and period) with Jackson's CSV reader.
 * Periods are whole numbers (e.g. a year) or ISO dates (yyyy-MM-dd, read as epoch days; see {@link #parsePeriod}).
 *
 * <pre>{@code
 * Panel panel = PanelCsvReader.builder().delimiter(';')
 *         .objectColumn("State").periodColumn("Year").valueColumn("PacksPerCapita").build().read(file);
 * }</pre>
 *
 * Errors name the file, the line, the column and the value.
 */
public final class PanelCsvReader {

    private final char delimiter;
    private final String objectColumn;
    private final String periodColumn;
    private final String valueColumn;

    private PanelCsvReader(Builder b) {
        this.delimiter = b.delimiter;
        this.objectColumn = b.objectColumn;
        this.periodColumn = b.periodColumn;
        this.valueColumn = b.valueColumn;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @throws IllegalArgumentException naming file, line and column when a column is absent or a cell is malformed
     * @throws UncheckedIOException when the file cannot be read
     */
    public Panel read(Path file) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(delimiter);
        Panel.Builder panel = Panel.builder();
        try (MappingIterator<Map<String, String>> rows =
                new CsvMapper().readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
            long line = 1; // the header; counting rows assumes no line breaks inside quoted cells
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                line++;
                String object = cell(file, line, row, objectColumn);
                String period = cell(file, line, row, periodColumn);
                String value = cell(file, line, row, valueColumn);
                long p;
                double v;
                try {
                    p = parsePeriod(period);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + line + ": column '" + periodColumn + "': "
                            + e.getMessage() + "; fix the row or pass the right --period-col", e);
                }
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + line + ": column '" + valueColumn + "': '"
                            + value + "' is not a number; fix the row or pass the right --value-col", e);
                }
                try {
                    panel.put(object, p, v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read panel file " + file + ": " + e.getMessage(), e);
        }
        try {
            return panel.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(file + ": no data rows; the file needs a header and one row per "
                    + "object and period", e);
        }
    }

    private static String cell(Path file, long line, Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException(file + " line " + line + ": no column '" + column + "' (columns: "
                    + row.keySet() + "); pass the right column name or --delimiter");
        }
        return value.trim();
    }

    /**
     * A period: a whole number as is, or an ISO date yyyy-MM-dd as its epoch day.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static long parsePeriod(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
            try {
                return LocalDate.parse(text.trim()).toEpochDay();
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException("period '" + text + "' is neither a whole number nor a date "
                        + "yyyy-MM-dd");
            }
        }
    }

    /** Builds a {@link PanelCsvReader}; all three column names are required. */
    public static final class Builder {
        private char delimiter = ',';
        private String objectColumn;
        private String periodColumn;
        private String valueColumn;

        private Builder() {}

        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder objectColumn(String column) {
            this.objectColumn = Objects.requireNonNull(column, "objectColumn can't be null");
            return this;
        }

        public Builder periodColumn(String column) {
            this.periodColumn = Objects.requireNonNull(column, "periodColumn can't be null");
            return this;
        }

        public Builder valueColumn(String column) {
            this.valueColumn = Objects.requireNonNull(column, "valueColumn can't be null");
            return this;
        }

        /** @throws IllegalStateException when a column name is missing */
        public PanelCsvReader build() {
            if (objectColumn == null || periodColumn == null || valueColumn == null) {
                throw new IllegalStateException("objectColumn, periodColumn and valueColumn are all required, got "
                        + objectColumn + ", " + periodColumn + ", " + valueColumn);
            }
            return new PanelCsvReader(this);
        }
    }
}
