package io.fulcrum.connect.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client for the Confluent Schema Registry REST API, for Avro schemas. Works against Confluent's registry and
 * against Apicurio's Confluent-compatible API ({@code /apis/ccompat/v7}).
 *
 * <p>The Confluent client artifacts are not published on Maven Central, hence this client. It caches what the
 * registry never changes: schema by id forever, and the id of a (subject, schema) pair once registered or looked
 * up. Thread-safe. Requests that fail with an I/O error, 429 or 5xx are retried per the config's
 * {@link RetryPolicy}; other errors throw {@link SchemaRegistryException} with the registry's code and message.
 * Schemas that are not Avro or use schema references throw {@link UnsupportedSchemaException}.
 */
public final class SchemaRegistryClient {

  private final RegistryHttp http;
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  private SchemaRegistryClient(SchemaRegistryConfig config) {
    this.http = new RegistryHttp(config);
  }

  public static SchemaRegistryClient create(SchemaRegistryConfig config) {
    return new SchemaRegistryClient(Objects.requireNonNull(config, "config can't be null"));
  }

  /**
   * Registers a schema under a subject and returns its id. Idempotent: registering a schema the subject already
   * has returns the existing id. Fails with HTTP 409 when the subject's compatibility rule rejects it.
   */
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
    Integer cached = idBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = http.send("POST", "/subjects/" + RegistryHttp.pathSegment(subject) + "/versions",
        schemaBody(schema));
    int id = requireInt(answer, "id", "POST /subjects/" + subject + "/versions");
    idBySubjectSchema.put(key, id);
    return id;
  }

  /**
   * The registration of a schema under a subject; fails with registry error 40401 (no such subject) or 40403 (the
   * subject has no such schema) when it is not registered.
   */
  public RegisteredSchema lookup(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema can't be null");
    String request = "POST /subjects/" + subject;
    JsonNode answer = http.send("POST", "/subjects/" + RegistryHttp.pathSegment(subject), schemaBody(schema));
    RegisteredSchema registered = registered(answer, subject, request, schema);
    idBySubjectSchema.put(new SubjectSchema(subject, schema), registered.id());
    return registered;
  }

  /** The id of a schema under a subject: registers it when {@code autoRegister}, else looks it up. Cached. */
  public int idOf(String subject, Schema schema, boolean autoRegister) {
    if (autoRegister) {
      return register(subject, schema);
    }
    Integer cached = idBySubjectSchema.get(new SubjectSchema(subject, schema));
    return cached != null ? cached : lookup(subject, schema).id();
  }

  /** The schema with a registry-wide id; fails with registry error 40403 when there is none. Cached forever. */
  public Schema schemaById(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    String request = "GET /schemas/ids/" + id;
    JsonNode answer = http.send("GET", "/schemas/ids/" + id, null);
    Schema schema = parseSchema(answer, request, "schema id " + id);
    Schema raced = schemaById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  /** The latest version registered under a subject; fails with registry error 40401 when there is none. */
  public RegisteredSchema latest(String subject) {
    requireSubject(subject);
    String request = "GET /subjects/" + subject + "/versions/latest";
    JsonNode answer = http.send("GET", "/subjects/" + RegistryHttp.pathSegment(subject) + "/versions/latest", null);
    return registered(answer, subject, request, null);
  }

  /**
   * Whether a schema may be registered under a subject by the subject's compatibility rule (checked against its
   * latest version). True when the subject has no version yet.
   */
  public boolean isCompatible(String subject, Schema schema) {
    requireSubject(subject);
    try {
      JsonNode answer = http.send("POST",
          "/compatibility/subjects/" + RegistryHttp.pathSegment(subject) + "/versions/latest", schemaBody(schema));
      JsonNode verdict = answer.get("is_compatible");
      if (verdict == null || !verdict.isBoolean()) {
        throw new SchemaRegistryException("POST /compatibility/subjects/" + subject
            + "/versions/latest answered without a boolean 'is_compatible': " + answer, null);
      }
      return verdict.booleanValue();
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  /** The registry-wide compatibility level. */
  public CompatibilityLevel globalCompatibility() {
    return level(http.send("GET", "/config", null), "GET /config");
  }

  /**
   * The compatibility level set on a subject, empty when it has none of its own (Confluent answers 40408;
   * Apicurio answers the global level instead).
   */
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    requireSubject(subject);
    try {
      return Optional.of(level(http.send("GET", "/config/" + RegistryHttp.pathSegment(subject), null),
          "GET /config/" + subject));
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_CONFIG_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public void updateGlobalCompatibility(CompatibilityLevel level) {
    http.send("PUT", "/config", levelBody(level));
  }

  public void updateSubjectCompatibility(String subject, CompatibilityLevel level) {
    requireSubject(subject);
    http.send("PUT", "/config/" + RegistryHttp.pathSegment(subject), levelBody(level));
  }

  private static ObjectNode schemaBody(Schema schema) {
    ObjectNode body = RegistryHttp.JSON.createObjectNode();
    body.put("schema", Objects.requireNonNull(schema, "schema can't be null").toString());
    return body;
  }

  private static ObjectNode levelBody(CompatibilityLevel level) {
    ObjectNode body = RegistryHttp.JSON.createObjectNode();
    body.put("compatibility", Objects.requireNonNull(level, "level can't be null").name());
    return body;
  }

  private RegisteredSchema registered(JsonNode answer, String subject, String request, Schema known) {
    int id = requireInt(answer, "id", request);
    int version = requireInt(answer, "version", request);
    Schema schema = known != null ? known : schemaById.computeIfAbsent(id,
        i -> parseSchema(answer, request, "schema id " + i + " (subject " + subject + ")"));
    return new RegisteredSchema(answer.path("subject").asText(subject), id, version, schema);
  }

  private static Schema parseSchema(JsonNode answer, String request, String what) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new UnsupportedSchemaException(what + " is of type " + type
          + ": Fulcrum reads and writes Avro only; use an Avro schema for this topic");
    }
    JsonNode references = answer.get("references");
    if (references != null && references.isArray() && references.size() > 0) {
      throw new UnsupportedSchemaException(what + " uses schema references " + references
          + ": Fulcrum needs self-contained Avro schemas; register it with its named types inlined");
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(request + " answered without a 'schema' string: " + answer, null);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(what + " is not a valid Avro schema: " + e.getMessage(), e);
    }
  }

  private static CompatibilityLevel level(JsonNode answer, String request) {
    // Confluent answers GET with compatibilityLevel and PUT with compatibility.
    String value = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText(null));
    if (value == null) {
      throw new SchemaRegistryException(request + " answered without a compatibility level: " + answer, null);
    }
    try {
      return CompatibilityLevel.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException(request + " answered an unknown compatibility level '" + value + "'", e);
    }
  }

  private static int requireInt(JsonNode answer, String field, String request) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(request + " answered without an integer '" + field + "': " + answer, null);
    }
    return value.intValue();
  }

  private static String requireSubject(String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("subject '" + subject + "' is empty: pass the subject name, e.g. "
          + "SubjectNameStrategy.TOPIC_NAME.subject(topic, false, schema)");
    }
    return subject;
  }
}
