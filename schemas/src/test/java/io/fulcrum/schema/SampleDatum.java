package io.fulcrum.schema;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A deterministic generic datum for any schema, every field filled (nullable unions alternate between null
 * and a value with the seed). Avro's own RandomData lives in its test sources and is not published, hence
 * this small generator.
 */
final class SampleDatum {

  private final Random random;

  SampleDatum(long seed) {
    this.random = new Random(seed);
  }

  Object of(Schema schema) {
    return switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), of(field.schema()));
        }
        yield record;
      }
      case ENUM -> new GenericData.EnumSymbol(
          schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          items.add(of(schema.getElementType()));
        }
        yield new GenericData.Array<>(schema, items);
      }
      case MAP -> {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
          entries.put("k" + random.nextInt(1000), of(schema.getValueType()));
        }
        yield entries;
      }
      case UNION -> of(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
      case FIXED -> {
        byte[] bytes = new byte[schema.getFixedSize()];
        random.nextBytes(bytes);
        yield new GenericData.Fixed(schema, bytes);
      }
      case STRING -> "s" + random.nextInt(1_000_000);
      case BYTES -> {
        byte[] bytes = new byte[1 + random.nextInt(8)];
        random.nextBytes(bytes);
        yield ByteBuffer.wrap(bytes);
      }
      case INT -> random.nextInt();
      case LONG -> random.nextLong() >>> 20; // keeps timestamp-millis values within java.time.Instant's range
      case FLOAT -> random.nextFloat();
      case DOUBLE -> random.nextDouble();
      case BOOLEAN -> random.nextBoolean();
      case NULL -> null;
    };
  }
}
