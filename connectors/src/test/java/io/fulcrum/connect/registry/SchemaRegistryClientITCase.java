package io.fulcrum.connect.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.devstack.junit.SchemaRegistryExtension;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real registry (Apicurio's Confluent-compatible API, BACKWARD global rule). */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryClientITCase {

  private static final Schema V1 = SchemaBuilder.record("Shipment").namespace("io.fulcrum.test").fields()
      .requiredString("id").requiredDouble("quantity").endRecord();
  /** V1 plus an optional field with a default: backward compatible. */
  private static final Schema V2 = SchemaBuilder.record("Shipment").namespace("io.fulcrum.test").fields()
      .requiredString("id").requiredDouble("quantity").optionalString("carrier").endRecord();
  /** V1 plus a required field: not backward compatible. */
  private static final Schema INCOMPATIBLE = SchemaBuilder.record("Shipment").namespace("io.fulcrum.test").fields()
      .requiredString("id").requiredDouble("quantity").requiredLong("promisedAt").endRecord();

  private SchemaRegistryConfig config;
  private String subject;

  @BeforeEach
  void setUp(SchemaRegistryServer registry) {
    config = SchemaRegistryConfig.of(registry.confluentApiUrl().toString());
    subject = "client-it-" + UUID.randomUUID() + "-value";
  }

  @Test
  void registerIsIdempotentAndEveryLookupAgrees() {
    int id = SchemaRegistryClient.create(config).register(subject, V1);
    // A fresh client has no cache: the registry itself must answer the same id.
    SchemaRegistryClient client = SchemaRegistryClient.create(config);
    assertThat(client.register(subject, V1)).isEqualTo(id);

    RegisteredSchema looked = client.lookup(subject, V1);
    assertThat(looked.subject()).isEqualTo(subject);
    assertThat(looked.id()).isEqualTo(id);
    assertThat(looked.version()).isEqualTo(1);

    assertThat(SchemaNormalization.toParsingForm(client.schemaById(id)))
        .isEqualTo(SchemaNormalization.toParsingForm(V1));
    RegisteredSchema latest = SchemaRegistryClient.create(config).latest(subject);
    assertThat(latest.id()).isEqualTo(id);
    assertThat(latest.version()).isEqualTo(1);
    assertThat(SchemaNormalization.toParsingForm(latest.schema())).isEqualTo(SchemaNormalization.toParsingForm(V1));
  }

  @Test
  void evolvesUnderTheCompatibilityRule() {
    SchemaRegistryClient client = SchemaRegistryClient.create(config);
    int v1 = client.register(subject, V1);

    assertThat(client.isCompatible(subject, V2)).isTrue();
    assertThat(client.isCompatible(subject, INCOMPATIBLE)).isFalse();

    int v2 = client.register(subject, V2);
    assertThat(v2).isNotEqualTo(v1);
    assertThat(client.latest(subject).version()).isEqualTo(2);
    assertThat(client.latest(subject).id()).isEqualTo(v2);

    assertThatThrownBy(() -> client.register(subject, INCOMPATIBLE))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
        .hasMessageStartingWith("POST /subjects/" + subject + "/versions at ");
  }

  @Test
  void compatibilityOfASubjectWithoutVersionsIsTrue() {
    assertThat(SchemaRegistryClient.create(config).isCompatible(subject, INCOMPATIBLE)).isTrue();
  }

  @Test
  void unknownIdAndSubjectCarryTheRegistryErrorCodes() {
    SchemaRegistryClient client = SchemaRegistryClient.create(config);
    assertThatThrownBy(() -> client.schemaById(987_654_321))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.isSchemaNotFound()).isTrue();
        });
    assertThatThrownBy(() -> client.latest(subject))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
  }

  @Test
  void readsAndSetsCompatibilityLevels() {
    SchemaRegistryClient client = SchemaRegistryClient.create(config);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

    client.register(subject, V1);
    client.updateSubjectCompatibility(subject, CompatibilityLevel.FULL);
    assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.FULL);
    // FULL also needs old readers to read new data: a new optional field passes, dropping 'quantity' does not.
    Schema withoutQuantity = SchemaBuilder.record("Shipment").namespace("io.fulcrum.test").fields()
        .requiredString("id").endRecord();
    assertThat(client.isCompatible(subject, V2)).isTrue();
    assertThat(client.isCompatible(subject, withoutQuantity)).isFalse();
  }

  @Test
  void lookupOfAnUnregisteredSchemaFails() {
    SchemaRegistryClient client = SchemaRegistryClient.create(config);
    client.register(subject, V1);
    assertThatThrownBy(() -> client.lookup(subject, V2))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> client.idOf(subject, V2, false)).isInstanceOf(SchemaRegistryException.class);
    assertThat(client.idOf(subject, V1, false)).isEqualTo(client.register(subject, V1));
  }
}
