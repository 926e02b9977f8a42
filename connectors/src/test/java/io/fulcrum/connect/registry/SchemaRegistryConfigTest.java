package io.fulcrum.connect.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

  @Test
  void keepsUrlsInOrderWithoutTrailingSlash() {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .url("http://a:8081/")
        .url("https://b/apis/ccompat/v7")
        .build();
    assertThat(config.urls()).containsExactly("http://a:8081", "https://b/apis/ccompat/v7");
    assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(config.auth()).isEqualTo(RegistryAuth.none());
  }

  @Test
  void needsAUrl() {
    assertThatThrownBy(() -> SchemaRegistryConfig.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("schema registry config has no url: call url(\"http://host:port\")");
  }

  @Test
  void rejectsANonHttpUrl() {
    assertThatThrownBy(() -> SchemaRegistryConfig.builder().url("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schema registry url 'localhost:8081' is not an absolute http(s) URL: "
            + "use e.g. http://localhost:8081");
  }

  @Test
  void rejectsANonPositiveTimeout() {
    assertThatThrownBy(() -> SchemaRegistryConfig.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schema registry requestTimeout is PT0S: it must be positive");
  }

  @Test
  void survivesJavaSerializationAsInAFlinkJobGraph() throws Exception {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .url("http://a:8081")
        .auth(RegistryAuth.basic("u", "p"))
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10)))
        .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(config);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      SchemaRegistryConfig copy = (SchemaRegistryConfig) in.readObject();
      assertThat(copy.urls()).containsExactly("http://a:8081");
      assertThat(copy.auth().authorizationHeader()).contains("Basic dTpw");
      assertThat(copy.retryPolicy()).isEqualTo(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10)));
    }
  }
}
