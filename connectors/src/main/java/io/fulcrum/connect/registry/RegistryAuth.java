package io.fulcrum.connect.registry;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client authenticates to the schema registry: not at all, HTTP Basic (Confluent's
 * {@code basic.auth.user.info}) or a Bearer token. Immutable and serializable so it can travel inside a Flink job
 * graph; {@link #toString()} never shows the secret.
 */
public final class RegistryAuth implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final RegistryAuth NONE = new RegistryAuth("none", null);

  private final String kind;
  private final String authorization;

  private RegistryAuth(String kind, String authorization) {
    this.kind = kind;
    this.authorization = authorization;
  }

  public static RegistryAuth none() {
    return NONE;
  }

  /** HTTP Basic with the given user and password; neither may be null, the user may not contain ':'. */
  public static RegistryAuth basic(String user, String password) {
    Objects.requireNonNull(user, "user can't be null");
    Objects.requireNonNull(password, "password can't be null");
    if (user.isEmpty() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "registry basic-auth user '" + user + "' is invalid: it must be non-empty and contain no ':'");
    }
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new RegistryAuth("basic(" + user + ")", "Basic " + token);
  }

  /** HTTP Bearer with the given token (e.g. an OAuth access token). */
  public static RegistryAuth bearer(String token) {
    Objects.requireNonNull(token, "token can't be null");
    if (token.isBlank()) {
      throw new IllegalArgumentException("registry bearer token is blank: pass the access token itself");
    }
    return new RegistryAuth("bearer", "Bearer " + token);
  }

  /** The value of the {@code Authorization} header, empty for {@link #none()}. */
  public Optional<String> authorizationHeader() {
    return Optional.ofNullable(authorization);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryAuth other && kind.equals(other.kind)
        && Objects.equals(authorization, other.authorization);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, authorization);
  }

  @Override
  public String toString() {
    return kind;
  }
}
