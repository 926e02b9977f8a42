package io.fulcrum.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry through its Confluent-compatible API, spoken with a plain HTTP client as the Confluent serializers
 * speak it (the Fulcrum registry client is built elsewhere and tested against this server).
 */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryExtensionITCase {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String DELIVERY_V1 = """
            {"type":"record","name":"Delivery","namespace":"io.fulcrum.test","fields":[
              {"name":"route","type":"string"},
              {"name":"quantity","type":"int"}]}""";
    /** BACKWARD compatible with v1: a reader of v2 fills the new field of v1 data from its default. */
    private static final String DELIVERY_V2_WITH_DEFAULT = """
            {"type":"record","name":"Delivery","namespace":"io.fulcrum.test","fields":[
              {"name":"route","type":"string"},
              {"name":"quantity","type":"int"},
              {"name":"carrier","type":"string","default":"unknown"}]}""";
    /** Not BACKWARD compatible with v1: a reader of this has no value for "plant" in v1 data. */
    private static final String DELIVERY_WITHOUT_DEFAULT = """
            {"type":"record","name":"Delivery","namespace":"io.fulcrum.test","fields":[
              {"name":"route","type":"string"},
              {"name":"quantity","type":"int"},
              {"name":"plant","type":"string"}]}""";

    private static SchemaRegistryServer injectedBeforeAll;

    @BeforeAll
    static void remember(SchemaRegistryServer registry) {
        injectedBeforeAll = registry;
    }

    @Test
    void oneRegistryServesTheWholeRun(SchemaRegistryServer registry) {
        assertThat(registry).isSameAs(injectedBeforeAll);
        assertThat(registry.confluentApiUrl())
                .isEqualTo(URI.create("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7"));
        assertThat(registry.isAlive()).isTrue();
    }

    @Test
    void globalCompatibilityIsBackward(SchemaRegistryServer registry) throws Exception {
        Response config = get(registry, "/config");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void registersOnceAndFetchesTheSchemaById(SchemaRegistryServer registry) throws Exception {
        String subject = "deliveries-" + UUID.randomUUID() + "-value";

        Response registered = register(registry, subject, DELIVERY_V1);
        Response again = register(registry, subject, DELIVERY_V1);
        Response fetched = get(registry, "/schemas/ids/" + registered.body().get("id").asLong());

        assertThat(registered.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id")).isEqualTo(registered.body().get("id"));
        assertThat(fetched.status()).isEqualTo(200);
        // Compared as JSON: the registry may store the text with other whitespace.
        assertThat(JSON.readTree(fetched.body().get("schema").asText())).isEqualTo(JSON.readTree(DELIVERY_V1));
        assertThat(get(registry, "/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void acceptsABackwardCompatibleChangeAndRejectsAnIncompatibleOne(SchemaRegistryServer registry) throws Exception {
        String subject = "deliveries-" + UUID.randomUUID() + "-value";
        long v1 = register(registry, subject, DELIVERY_V1).body().get("id").asLong();

        Response compatible = post(registry, "/compatibility/subjects/" + subject + "/versions/latest",
                DELIVERY_V2_WITH_DEFAULT);
        Response incompatible = post(registry, "/compatibility/subjects/" + subject + "/versions/latest",
                DELIVERY_WITHOUT_DEFAULT);
        Response rejected = register(registry, subject, DELIVERY_WITHOUT_DEFAULT);
        Response v2 = register(registry, subject, DELIVERY_V2_WITH_DEFAULT);

        assertThat(compatible.body().get("is_compatible").asBoolean()).isTrue();
        assertThat(incompatible.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.body().get("id").asLong()).isNotEqualTo(v1);
        assertThat(get(registry, "/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1,2]");
    }

    @Test
    void answersAnUnknownIdWithConfluentsErrorCode(SchemaRegistryServer registry) throws Exception {
        Response unknown = get(registry, "/schemas/ids/987654321");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error_code").asInt()).isEqualTo(40403);
    }

    private record Response(int status, JsonNode body) {}

    private static Response register(SchemaRegistryServer registry, String subject, String schema)
            throws IOException, InterruptedException {
        return post(registry, "/subjects/" + subject + "/versions", schema);
    }

    private static Response post(SchemaRegistryServer registry, String path, String schema)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("schema", schema));
        return send(HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + path))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response get(SchemaRegistryServer registry, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + path)).GET());
    }

    private static Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.header("Accept", CONTENT_TYPE)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }
}
