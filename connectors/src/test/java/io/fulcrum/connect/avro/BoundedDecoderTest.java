package io.fulcrum.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.connect.testdata.OperationalEvents;
import io.fulcrum.schema.OperationalEvent;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class BoundedDecoderTest {

  private final SpecificDatumReader<OperationalEvent> reader = new SpecificDatumReader<>(OperationalEvent.class);

  @Test
  void decodesAValidMessageLikeAvro() throws IOException {
    OperationalEvent event = OperationalEvents.delivery(7);
    byte[] bytes = encode(event);
    assertThat(reader.read(null, new BoundedDecoder().reset(DecoderFactory.get().binaryDecoder(bytes, null))))
        .isEqualTo(event);
  }

  @Test
  void aHugeStringLengthIsRefusedBeforeAnyAllocation() throws IOException {
    // eventId declares 1e9 bytes: plain Avro allocates them and runs out of heap (seen with -Xmx256m).
    byte[] bytes = withLeadingLong(1_000_000_000L, new byte[] {'a', 'b'});
    assertThatThrownBy(() -> reader.read(null,
        new BoundedDecoder().reset(DecoderFactory.get().binaryDecoder(bytes, null))))
        .isInstanceOf(EOFException.class)
        .hasMessage("string declares 1000000000 bytes but only 2 are left");
  }

  @Test
  void aNegativeLengthIsMalformed() throws IOException {
    byte[] bytes = withLeadingLong(-1L, new byte[] {'a'});
    assertThatThrownBy(() -> reader.read(null,
        new BoundedDecoder().reset(DecoderFactory.get().binaryDecoder(bytes, null))))
        .isInstanceOf(IOException.class)
        .hasMessage("malformed data: string length is negative (-1)");
  }

  @Test
  void aHugeMapCountIsRefused() throws IOException {
    // A valid event up to 'measures', then a map block count of 2^30.
    OperationalEvent event = OperationalEvent.newBuilder(OperationalEvents.delivery(1))
        .setMeasures(java.util.Map.of()).setAttributes(java.util.Map.of()).build();
    byte[] valid = encode(event);
    // The empty measures and attributes maps are the last two bytes (block count 0 each).
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, valid.length - 2);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeLong(1L << 30);
    encoder.flush();
    out.write(new byte[] {2, 'k'});
    byte[] bytes = out.toByteArray();

    assertThatThrownBy(() -> reader.read(null,
        new BoundedDecoder().reset(DecoderFactory.get().binaryDecoder(bytes, null))))
        .isInstanceOf(EOFException.class)
        .hasMessage("map declares 1073741824 items but only 2 bytes are left");
  }

  private static byte[] withLeadingLong(long value, byte[] rest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeLong(value);
    encoder.writeFixed(rest);
    encoder.flush();
    return out.toByteArray();
  }

  private static byte[] encode(OperationalEvent event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(OperationalEvent.class).write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
