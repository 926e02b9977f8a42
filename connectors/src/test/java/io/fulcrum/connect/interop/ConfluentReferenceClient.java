package io.fulcrum.connect.interop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Confluent Schema Registry client ({@code CachedSchemaRegistryClient}) and Flink's Confluent coder, as
 * shipped inside {@code org.apache.flink:flink-sql-avro-confluent-registry}, used as an independent writer and
 * reader of the wire format. The jar carries unrelocated Guava/snakeyaml and its own copy of
 * {@code org.apache.flink.formats.avro}, which clash with flink-avro, so it lives in a classloader of its own
 * (parent: the platform loader plus slf4j, which the jar expects from its host) and is driven by reflection; data
 * crosses the boundary as Avro JSON text.
 */
final class ConfluentReferenceClient implements AutoCloseable {

  private static final String AVRO = "org.apache.flink.avro.shaded.org.apache.avro.";
  private static final String CONFLUENT =
      "org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.";

  private final URLClassLoader loader;
  private final Object registryClient;

  ConfluentReferenceClient(String registryUrl) throws Exception {
    Path jar = Path.of(System.getProperty("fulcrum.confluent.client.jar",
        "target/confluent-client/flink-sql-avro-confluent-registry.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Confluent client jar " + jar.toAbsolutePath()
          + " is missing: run the build through Maven (generate-test-resources copies it)");
    }
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, new LoggingOnly());
    Class<?> clientClass = load(CONFLUENT + "CachedSchemaRegistryClient");
    registryClient = clientClass.getConstructor(String.class, int.class).newInstance(registryUrl, 100);
  }

  /** The jar the reference classes came from, to prove they are not ours. */
  String codeSource() {
    return load(CONFLUENT + "CachedSchemaRegistryClient").getProtectionDomain().getCodeSource().getLocation()
        .toString();
  }

  /** Wire-format bytes of a datum given as Avro JSON, its schema registered under {@code subject}. */
  byte[] serialize(String subject, String schemaJson, String datumAvroJson) throws Exception {
    Object schema = parse(schemaJson);
    Object decoderFactory = call(load(AVRO + "io.DecoderFactory"), null, "get");
    Object jsonDecoder = invoke(decoderFactory, "jsonDecoder", new Class<?>[] {load(AVRO + "Schema"), String.class},
        schema, datumAvroJson);
    Object reader = load(AVRO + "generic.GenericDatumReader").getConstructor(load(AVRO + "Schema"))
        .newInstance(schema);
    Object datum = invoke(reader, "read", new Class<?>[] {Object.class, load(AVRO + "io.Decoder")}, null, jsonDecoder);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    invoke(coder(subject), "writeSchema", new Class<?>[] {load(AVRO + "Schema"), OutputStream.class}, schema, out);
    Object encoderFactory = call(load(AVRO + "io.EncoderFactory"), null, "get");
    Object encoder = invoke(encoderFactory, "binaryEncoder",
        new Class<?>[] {OutputStream.class, load(AVRO + "io.BinaryEncoder")}, out, null);
    Object writer = load(AVRO + "generic.GenericDatumWriter").getConstructor(load(AVRO + "Schema"))
        .newInstance(schema);
    invoke(writer, "write", new Class<?>[] {Object.class, load(AVRO + "io.Encoder")}, datum, encoder);
    invoke(encoder, "flush", new Class<?>[0]);
    return out.toByteArray();
  }

  /** Reads wire-format bytes with the writer schema the registry has for their id; the datum as Avro JSON. */
  String deserialize(byte[] message) throws Exception {
    InputStream in = new ByteArrayInputStream(message);
    Object writerSchema = invoke(coder("unused"), "readSchema", new Class<?>[] {InputStream.class}, in);
    Object decoderFactory = call(load(AVRO + "io.DecoderFactory"), null, "get");
    Object decoder = invoke(decoderFactory, "binaryDecoder",
        new Class<?>[] {InputStream.class, load(AVRO + "io.BinaryDecoder")}, in, null);
    Object reader = load(AVRO + "generic.GenericDatumReader").getConstructor(load(AVRO + "Schema"))
        .newInstance(writerSchema);
    Object datum = invoke(reader, "read", new Class<?>[] {Object.class, load(AVRO + "io.Decoder")}, null, decoder);

    ByteArrayOutputStream json = new ByteArrayOutputStream();
    Object encoderFactory = call(load(AVRO + "io.EncoderFactory"), null, "get");
    Object encoder = invoke(encoderFactory, "jsonEncoder",
        new Class<?>[] {load(AVRO + "Schema"), OutputStream.class}, writerSchema, json);
    Object writer = load(AVRO + "generic.GenericDatumWriter").getConstructor(load(AVRO + "Schema"))
        .newInstance(writerSchema);
    invoke(writer, "write", new Class<?>[] {Object.class, load(AVRO + "io.Encoder")}, datum, encoder);
    invoke(encoder, "flush", new Class<?>[0]);
    return json.toString(StandardCharsets.UTF_8);
  }

  private Object coder(String subject) throws Exception {
    return load("org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder")
        .getConstructor(String.class, load(CONFLUENT + "SchemaRegistryClient"))
        .newInstance(subject, registryClient);
  }

  private Object parse(String schemaJson) throws Exception {
    Object parser = load(AVRO + "Schema$Parser").getConstructor().newInstance();
    return invoke(parser, "parse", new Class<?>[] {String.class}, schemaJson);
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + name + " not in the Confluent client jar", e);
    }
  }

  private static Object call(Class<?> type, Object target, String method) throws Exception {
    return type.getMethod(method).invoke(target);
  }

  private static Object invoke(Object target, String method, Class<?>[] types, Object... args) throws Exception {
    Method m = target.getClass().getMethod(method, types);
    m.setAccessible(true); // some Avro encoders are package-private classes behind public methods
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The JDK's classes plus slf4j from the test classpath: the jar logs through slf4j but does not carry it. */
  private static final class LoggingOnly extends ClassLoader {
    LoggingOnly() {
      super(ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith("org.slf4j.")) {
        return ConfluentReferenceClient.class.getClassLoader().loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
  }

  @Override
  public void close() throws java.io.IOException {
    loader.close();
  }
}
