package io.fulcrum.connect.registry;

/**
 * A request to the schema registry failed: it answered with an error, or could not be reached after the retries.
 * Carries the registry's own error code (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible)
 * and message when it answered.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Confluent error code: subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** Confluent error code: version not found. */
  public static final int VERSION_NOT_FOUND = 40402;
  /** Confluent error code: schema (id) not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;
  /** Confluent error code: the subject has no subject-level compatibility configured. */
  public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;

  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;

  /** An answer with an error status; {@code errorCode} is -1 when the body carried none. */
  public SchemaRegistryException(String request, int httpStatus, int errorCode, String registryMessage) {
    super(request + " failed: HTTP " + httpStatus
        + (errorCode >= 0 ? ", registry error " + errorCode : "")
        + (registryMessage == null || registryMessage.isEmpty() ? "" : ": " + registryMessage));
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  /** No usable answer (I/O error, timeout, unreadable body). */
  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = -1;
    this.errorCode = -1;
    this.registryMessage = null;
  }

  /** HTTP status of the answer, -1 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's error code ({@code error_code} in the body), -1 when there was none. */
  public int errorCode() {
    return errorCode;
  }

  /** The registry's message ({@code message} in the body), null when there was none. */
  public String registryMessage() {
    return registryMessage;
  }

  /** True when the registry answered that no schema has the requested id. */
  public boolean isSchemaNotFound() {
    return errorCode == SCHEMA_NOT_FOUND;
  }
}
