package io.fulcrum.connect.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach a Confluent-API schema registry. Immutable and serializable: it travels inside Flink
 * job graphs, and each task builds its own {@link SchemaRegistryClient} from it.
 *
 * <pre>{@code
 * SchemaRegistryConfig config = SchemaRegistryConfig.builder()
 *     .url("http://registry:8081")                       // Confluent
 *     .url("http://apicurio:8080/apis/ccompat/v7")       // or Apicurio's Confluent-compatible API
 *     .auth(RegistryAuth.basic("fulcrum", secret))
 *     .build();
 * }</pre>
 *
 * Required: at least one URL. Defaults: no auth, {@link RetryPolicy#DEFAULT}, 5 s connect timeout, 10 s request
 * timeout. Several URLs are tried in turn when one cannot be reached.
 */
public final class SchemaRegistryConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<String> urls;
  private final RegistryAuth auth;
  private final RetryPolicy retryPolicy;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  private SchemaRegistryConfig(Builder b) {
    this.urls = List.copyOf(b.urls);
    this.auth = b.auth;
    this.retryPolicy = b.retryPolicy;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for a registry at one URL with the defaults. */
  public static SchemaRegistryConfig of(String url) {
    return builder().url(url).build();
  }

  /** Base URLs without trailing '/', in the order they are tried. */
  public List<String> urls() {
    return urls;
  }

  public RegistryAuth auth() {
    return auth;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  @Override
  public String toString() {
    return "SchemaRegistryConfig{urls=" + urls + ", auth=" + auth + ", retry=" + retryPolicy
        + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "}";
  }

  /** Builds a {@link SchemaRegistryConfig}; each setter checks its value, {@link #build()} the whole. */
  public static final class Builder {
    private final List<String> urls = new ArrayList<>();
    private RegistryAuth auth = RegistryAuth.none();
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Adds a base URL (http or https), e.g. {@code http://host:8081} or {@code http://host/apis/ccompat/v7}. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url can't be null");
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("schema registry url '" + url + "' is not a URI: " + e.getMessage(), e);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("schema registry url '" + url
            + "' is not an absolute http(s) URL: use e.g. http://localhost:8081");
      }
      urls.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    public Builder auth(RegistryAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth can't be null: use RegistryAuth.none()");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy can't be null: use RetryPolicy.none()");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    public SchemaRegistryConfig build() {
      if (urls.isEmpty()) {
        throw new IllegalStateException("schema registry config has no url: call url(\"http://host:port\")");
      }
      return new SchemaRegistryConfig(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name + " can't be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("schema registry " + name + " is " + value + ": it must be positive");
      }
      return value;
    }
  }
}
