package io.fulcrum.connect.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fulcrum.devstack.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real registry cannot be made to do on demand here: answer 429 or 5xx, check Basic or Bearer auth (the
 * embedded Apicurio only speaks OIDC), serve Protobuf schemas or schema references. A scripted JDK HTTP server
 * plays the registry for these cases; everything else is tested against Apicurio in SchemaRegistryClientITCase.
 */
class SchemaRegistryClientHttpITCase {

  private static final Schema SHIPMENT = SchemaBuilder.record("Shipment").namespace("io.fulcrum.test").fields()
      .requiredString("id").endRecord();
  private static final String SHIPMENT_BODY = "{\"schema\":" + quote(SHIPMENT.toString()) + "}";
  private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

  private record Answer(int status, String body, String retryAfter) {}

  private record Seen(String method, String path, String authorization, String contentType, String body) {}

  private HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRequestHeaders().getFirst("Content-Type"), body));
    Answer answer;
    synchronized (script) {
      answer = script.size() > 1 ? script.poll() : script.peek();
    }
    if (answer.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
  }

  private SchemaRegistryClient client(RegistryAuth auth) {
    return SchemaRegistryClient.create(SchemaRegistryConfig.builder().url(url()).auth(auth).retryPolicy(FAST).build());
  }

  private void then(int status, String body) {
    script.add(new Answer(status, body, null));
  }

  @Test
  void sendsBasicAuthAndTheRegistryContentType() {
    then(200, "{\"id\":7}");
    assertThat(client(RegistryAuth.basic("Aladdin", "open sesame")).register("orders value", SHIPMENT)).isEqualTo(7);

    assertThat(seen).containsExactly(new Seen("POST", "/apis/ccompat/v7/subjects/orders%20value/versions",
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "application/vnd.schemaregistry.v1+json", SHIPMENT_BODY));
  }

  @Test
  void sendsBearerAuth() {
    then(200, SHIPMENT_BODY);
    client(RegistryAuth.bearer("t0ken")).schemaById(3);
    assertThat(seen).extracting(Seen::authorization).containsExactly("Bearer t0ken");
  }

  @Test
  void retries5xxAnd429ThenSucceeds() {
    then(503, "{\"error_code\":50003,\"message\":\"forwarding failed\"}");
    script.add(new Answer(429, "slow down", "0"));
    then(500, "{\"error_code\":50001,\"message\":\"store error\"}");
    then(200, "{\"id\":11}");

    assertThat(client(RegistryAuth.none()).register("s", SHIPMENT)).isEqualTo(11);
    assertThat(seen).hasSize(4);
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastRegistryError() {
    then(500, "{\"error_code\":50001,\"message\":\"store error\"}");
    assertThatThrownBy(() -> client(RegistryAuth.none()).schemaById(5))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.errorCode()).isEqualTo(50001);
          assertThat(e.registryMessage()).isEqualTo("store error");
        })
        .hasMessage("GET /schemas/ids/5 at " + url() + "/schemas/ids/5 failed: HTTP 500, registry error 50001: "
            + "store error");
    assertThat(seen).hasSize(FAST.maxAttempts());
  }

  @Test
  void doesNotRetryA4xx() {
    then(404, "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}");
    assertThatThrownBy(() -> client(RegistryAuth.none()).schemaById(5))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSchemaNotFound()).isTrue());
    assertThat(seen).hasSize(1);
  }

  @Test
  void failsOverToTheNextUrlOnAnIoError() {
    then(200, "{\"id\":9}");
    String dead = "http://127.0.0.1:" + Ports.freePort();
    SchemaRegistryClient client = SchemaRegistryClient.create(SchemaRegistryConfig.builder()
        .url(dead).url(url()).retryPolicy(FAST).build());
    assertThat(client.register("s", SHIPMENT)).isEqualTo(9);
    assertThat(seen).hasSize(1);
  }

  @Test
  void cachesSchemasByIdAndIdsBySubjectAndSchema() {
    then(200, SHIPMENT_BODY);
    SchemaRegistryClient client = client(RegistryAuth.none());
    assertThat(client.schemaById(3)).isEqualTo(SHIPMENT);
    assertThat(client.schemaById(3)).isEqualTo(SHIPMENT);
    script.clear();
    then(200, "{\"id\":3}");
    assertThat(client.register("s", SHIPMENT)).isEqualTo(3);
    assertThat(client.register("s", SHIPMENT)).isEqualTo(3);
    assertThat(client.idOf("s", SHIPMENT, false)).isEqualTo(3);
    assertThat(seen).extracting(Seen::path)
        .containsExactly("/apis/ccompat/v7/schemas/ids/3", "/apis/ccompat/v7/subjects/s/versions");
  }

  @Test
  void rejectsNonAvroSchemas() {
    then(200, "{\"schema\":\"syntax = \\\"proto3\\\"; message A {}\",\"schemaType\":\"PROTOBUF\"}");
    assertThatThrownBy(() -> client(RegistryAuth.none()).schemaById(4))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessage("schema id 4 is of type PROTOBUF: Fulcrum reads and writes Avro only; "
            + "use an Avro schema for this topic");
  }

  @Test
  void rejectsSchemaReferences() {
    then(200, "{\"schema\":\"\\\"io.fulcrum.test.Ref\\\"\",\"references\":"
        + "[{\"name\":\"io.fulcrum.test.Ref\",\"subject\":\"ref\",\"version\":1}]}");
    assertThatThrownBy(() -> client(RegistryAuth.none()).schemaById(6))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessage("schema id 6 uses schema references [{\"name\":\"io.fulcrum.test.Ref\",\"subject\":\"ref\","
            + "\"version\":1}]: Fulcrum needs self-contained Avro schemas; register it with its named types inlined");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
