package io.fulcrum.connect.avro;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over one in-memory message that refuses lengths and item counts larger than the bytes left.
 *
 * <p>Avro's {@link BinaryDecoder} allocates what a length prefix declares before reading it, so one corrupt length
 * (say 2^30) in a poison message throws {@link OutOfMemoryError} and kills the task instead of dead-lettering the
 * record. Avro's only guard is a JVM-wide system property read once; this wrapper bounds every allocation by the
 * message itself. A string, bytes or collection cannot hold more items than bytes remain (every map entry has a
 * key, and Fulcrum's arrays never carry zero-byte items), so the check never rejects a valid message.
 */
public final class BoundedDecoder extends Decoder {

  private BinaryDecoder in;
  private InputStream remaining;
  /** The bytes of the last string read, reused: a String copies them anyway. */
  private byte[] scratch = new byte[64];

  /** Points the decoder at a message; the same instance is reused for the next one. */
  public BoundedDecoder reset(BinaryDecoder decoder) {
    this.in = decoder;
    this.remaining = decoder.inputStream();
    return this;
  }

  private int checkLength(long length, String what) throws IOException {
    if (length < 0) {
      throw new IOException("malformed data: " + what + " length is negative (" + length + ")");
    }
    int left = remaining.available();
    if (length > left) {
      throw new EOFException(what + " declares " + length + " bytes but only " + left + " are left");
    }
    return (int) length;
  }

  private long checkCount(long count, String what) throws IOException {
    // Blocks written with their byte size carry a negative count; Avro's decoder already turned it positive.
    int left = remaining.available();
    if (count > left) {
      throw new EOFException(what + " declares " + count + " items but only " + left + " bytes are left");
    }
    return count;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkLength(in.readLong(), "string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    if (length > 0) {
      in.readFixed(result.getBytes(), 0, length);
    }
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = checkLength(in.readLong(), "string");
    if (length > scratch.length) {
      scratch = new byte[Math.max(length, 2 * scratch.length)];
    }
    in.readFixed(scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkLength(in.readLong(), "string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = checkLength(in.readLong(), "bytes");
    ByteBuffer result;
    if (old != null && length <= old.capacity()) {
      result = old;
      result.clear();
    } else {
      result = ByteBuffer.allocate(length);
    }
    in.readFixed(result.array(), result.position(), length);
    result.limit(length);
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkLength(in.readLong(), "bytes"));
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkCount(in.readArrayStart(), "array");
  }

  @Override
  public long arrayNext() throws IOException {
    return checkCount(in.arrayNext(), "array");
  }

  @Override
  public long skipArray() throws IOException {
    return checkCount(in.skipArray(), "array");
  }

  @Override
  public long readMapStart() throws IOException {
    return checkCount(in.readMapStart(), "map");
  }

  @Override
  public long mapNext() throws IOException {
    return checkCount(in.mapNext(), "map");
  }

  @Override
  public long skipMap() throws IOException {
    return checkCount(in.skipMap(), "map");
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
