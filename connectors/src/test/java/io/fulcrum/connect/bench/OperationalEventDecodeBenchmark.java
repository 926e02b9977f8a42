package io.fulcrum.connect.bench;

import io.fulcrum.connect.avro.AvroRecordFormat;
import io.fulcrum.connect.avro.ConfluentAvroDecoder;
import io.fulcrum.connect.avro.ConfluentAvroEncoder;
import io.fulcrum.connect.avro.ConfluentWireFormat;
import io.fulcrum.connect.registry.SchemaRegistryClient;
import io.fulcrum.connect.registry.SchemaRegistryConfig;
import io.fulcrum.connect.registry.SubjectNameStrategy;
import io.fulcrum.connect.testdata.OperationalEvents;
import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import io.fulcrum.schema.OperationalEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode of {@code OperationalEvent} through the registry-aware decoder (magic byte, schema id, cached writer
 * reader) against a raw Avro {@code BinaryDecoder} of the same bytes: records/s per thread. The registry (a real
 * Apicurio) is asked once per writer schema id, in setup, and stopped before the measurement: what is measured is
 * the cache-hit path.
 *
 * <p>Run: {@code ./mvnw -B -pl connectors -am verify -Pbench -DskipTests -DskipITs}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class OperationalEventDecodeBenchmark {

  private static final int EVENTS = 256;

  private byte[][] messages;
  private ConfluentAvroDecoder<OperationalEvent> registryAware;
  private SpecificDatumReader<OperationalEvent> raw;
  private BinaryDecoder rawDecoder;
  private int next;

  /**
   * Encodes the events through a real registry, primes the decoder's cache with each message, then stops the
   * registry: the measured path must not need it, and its process must not compete for the CPU.
   */
  @Setup(Level.Trial)
  public void encodeAndPrime() throws IOException {
    int port = Ports.freePort();
    int management = Ports.freePort();
    try (SchemaRegistryServer server = SchemaRegistryServer.builder().port(port).managementPort(management)
        .logFile(Path.of("target", "devstack", "bench-registry-" + port + ".log")).start()) {
      prepare(SchemaRegistryClient.create(SchemaRegistryConfig.of(server.confluentApiUrl().toString())));
    }
  }

  private void prepare(SchemaRegistryClient client) throws IOException {
    ConfluentAvroEncoder<OperationalEvent> encoder = new ConfluentAvroEncoder<>(
        AvroRecordFormat.specific(OperationalEvent.class), client, "bench-events", false,
        SubjectNameStrategy.TOPIC_NAME, true);
    messages = new byte[EVENTS][];
    for (int i = 0; i < EVENTS; i++) {
      messages[i] = encoder.encode(OperationalEvents.delivery(i));
    }
    registryAware = new ConfluentAvroDecoder<>(AvroRecordFormat.specific(OperationalEvent.class), client);
    raw = new SpecificDatumReader<>(OperationalEvent.class);
    for (byte[] m : messages) {
      registryAware.decode(m);
    }
  }

  @Benchmark
  public OperationalEvent registryAwareDecoder() throws IOException {
    return registryAware.decode(messages[next++ & (EVENTS - 1)]);
  }

  @Benchmark
  public OperationalEvent rawBinaryDecoder() throws IOException {
    byte[] m = messages[next++ & (EVENTS - 1)];
    rawDecoder = DecoderFactory.get().binaryDecoder(m, ConfluentWireFormat.HEADER_LENGTH,
        m.length - ConfluentWireFormat.HEADER_LENGTH, rawDecoder);
    return raw.read(null, rawDecoder);
  }
}
