package io.fulcrum.connect.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.fulcrum.schema.OperationalEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Maps header-less CSV lines (RFC 4180 quoting, by Jackson's CSV parser): each field path compiled once into its
 * column index. An empty column is an absent value; a line with another number of columns is malformed.
 */
final class CsvRecordMapper implements RecordMapper {

  private final ObjectReader lines;
  private final List<String> columns;
  private final EventAssembler<String[]> assembler;

  CsvRecordMapper(SourceDefinition definition) {
    this.columns = definition.columns();
    // Without a column schema, and with WRAP_AS_ARRAY, Jackson reads each row as an array of its texts.
    this.lines = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
        .readerFor(String[].class)
        .with(CsvSchema.emptySchema().withColumnSeparator(definition.delimiter()));
    this.assembler = new EventAssembler<>(definition, this::accessor, true);
  }

  private FieldAccessor<String[]> accessor(FieldPath path, FieldUse use, String role) {
    int index = columns.indexOf(path.text());
    if (index < 0) {
      throw new InvalidSourceDefinitionException(path.declaredAt(), role, "'" + path + "' is not one of the "
          + "columns " + columns + ": use a column name or add the column");
    }
    return line -> {
      String value = line[index];
      return value.isEmpty() ? null : value;
    };
  }

  @Override
  public Optional<OperationalEvent> map(ConsumerRecord<byte[], byte[]> record) throws UnmappableRecordException {
    byte[] value = record.value();
    if (value == null) {
      throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the record has no value (a tombstone), "
          + "expected a CSV line");
    }
    String[] line;
    try (MappingIterator<String[]> rows = lines.readValues(value)) {
      line = rows.hasNextValue() ? rows.nextValue() : null;
      if (rows.hasNextValue()) {
        throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the value holds more than one CSV line, "
            + "expected one line per record");
      }
    } catch (IOException e) {
      throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the value is not a CSV line: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (line == null || line.length != columns.size()) {
      throw UnmappableRecordException.of(MappingFailure.MALFORMED, "the line has " + (line == null ? 0
          : line.length) + " columns, expected " + columns.size() + " " + columns);
    }
    return assembler.map(line, record);
  }
}
