package io.fulcrum.connect.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON over HTTP to the registry's Confluent API, with auth, failover between URLs and retries. */
final class RegistryHttp {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";

  static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistryConfig config;
  private final HttpClient http;
  /** Index of the URL that answered last; requests start there. */
  private volatile int preferredUrl;

  RegistryHttp(SchemaRegistryConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** Sends a request; returns the parsed body of a 2xx answer or throws {@link SchemaRegistryException}. */
  JsonNode send(String method, String path, JsonNode body) {
    String request = method + " " + path;
    RetryPolicy retry = config.retryPolicy();
    SchemaRegistryException last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      int urlIndex = preferredUrl;
      String url = config.urls().get(urlIndex) + path;
      Duration wait = retry.backoffAfter(attempt);
      try {
        HttpResponse<String> response = http.send(build(method, url, body), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parse(request, url, response.body());
        }
        last = error(request + " at " + url, status, response.body());
        if (status != 429 && status < 500) {
          throw last;
        }
        if (status == 429) {
          wait = retryAfter(response).map(w -> w.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : w)
              .orElse(wait);
        }
      } catch (IOException e) {
        last = new SchemaRegistryException(request + " at " + url + " failed: " + e, e);
        // The next attempt goes to the next URL, if there is one.
        preferredUrl = (urlIndex + 1) % config.urls().size();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(request + " at " + url + " interrupted", e);
      }
      if (attempt < retry.maxAttempts()) {
        LOG.warn("Schema registry request failed (attempt {} of {}), retrying in {} ms: {}",
            attempt, retry.maxAttempts(), wait.toMillis(), last.getMessage());
        sleep(wait, request);
      }
    }
    throw last;
  }

  private HttpRequest build(String method, String url, JsonNode body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(config.requestTimeout())
        .header("Accept", ACCEPT);
    config.auth().authorizationHeader().ifPresent(h -> b.header("Authorization", h));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", CONTENT_TYPE);
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    return b.build();
  }

  private static JsonNode parse(String request, String url, String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(request + " at " + url + " answered a body that is not JSON: "
          + abbreviate(body), e);
    }
  }

  private static SchemaRegistryException error(String request, int status, String body) {
    int code = -1;
    String message = abbreviate(body);
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        code = node.path("error_code").asInt(-1);
        message = node.path("message").asText(message);
      }
    } catch (IOException notJson) {
      // keep the raw body as the message
    }
    return new SchemaRegistryException(request, status, code, message);
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
      } catch (NumberFormatException httpDate) {
        return Optional.empty();
      }
    });
  }

  private static void sleep(Duration wait, String request) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(request + " interrupted while waiting to retry", e);
    }
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  static String pathSegment(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
