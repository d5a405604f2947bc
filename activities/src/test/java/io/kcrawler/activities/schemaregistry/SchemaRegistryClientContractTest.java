package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.SchemaRegistryConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client and the contract server agree on Confluent's documented shapes: error codes become the
 * right {@link SchemaRegistryException.Kind}, paging and the rate limit behave, every request is
 * counted.
 */
class SchemaRegistryClientContractTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static SchemaRegistryContractServer registry;
  static SchemaRegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    registry = SchemaRegistryContractServer.start();
    registry.register("a-value", "AVRO", "\"string\"");
    registry.register("b-value", "JSON", "{\"type\":\"object\"}");
    registry.register("c-value", "PROTOBUF", "syntax = \"proto3\"; message C { string x = 1; }");
    registry.setSubjectCompatibility("a-value", "FORWARD");
    client =
        SchemaRegistryClient.create(
            SchemaRegistryConfig.unauthenticated(registry.url()),
            new EnvFileSecretResolver(Map.of()),
            MAPPER,
            SchemaCrawlFixture.FAST);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void givenSubjects_whenListed_thenSubjectsVersionsAndSchemasComeBackAsDocumented() {
    assertThat(client.subjects(false)).containsExactly("a-value", "b-value", "c-value");
    assertThat(client.versions("a-value", false)).containsExactly(1);
    RegisteredSchema a = client.version("a-value", "latest", false);
    assertThat(a.type()).isEqualTo("AVRO");
    assertThat(a.schemaType()).isNull(); // Confluent omits schemaType for Avro
    assertThat(client.version("c-value", "1", false).schemaType()).isEqualTo("PROTOBUF");
  }

  @Test
  void givenPaging_whenSchemasAreListed_thenOffsetAndLimitSlice() {
    assertThat(client.schemasPage(true, false, 0, 2).orElseThrow())
        .extracting(RegisteredSchema::subject)
        .containsExactly("a-value", "b-value");
    assertThat(client.schemasPage(true, false, 2, 2).orElseThrow())
        .extracting(RegisteredSchema::subject)
        .containsExactly("c-value");
    assertThat(client.schemasPage(true, false, 3, 2).orElseThrow()).isEmpty();
  }

  @Test
  void givenMissingThings_whenRead_thenConfluentErrorCodesAreReported() {
    SchemaRegistryException subject =
        catchThrowableOfType(
            SchemaRegistryException.class, () -> client.version("nope", "1", false));
    assertThat(subject.kind()).isEqualTo(SchemaRegistryException.Kind.NOT_FOUND);
    assertThat(subject.errorCode()).isEqualTo(40401);
    assertThat(subject.getMessage()).contains("Subject 'nope' not found.");
    SchemaRegistryException version =
        catchThrowableOfType(
            SchemaRegistryException.class, () -> client.version("a-value", "9", false));
    assertThat(version.errorCode()).isEqualTo(40402);
    SchemaRegistryException invalid =
        catchThrowableOfType(
            SchemaRegistryException.class, () -> client.version("a-value", "zero", false));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.errorCode()).isEqualTo(42202);
    assertThat(invalid.kind()).isEqualTo(SchemaRegistryException.Kind.REJECTED);
  }

  @Test
  void givenSubjectLevelCompatibility_whenRead_thenMissingLevelIsEmptyNotAnError() {
    assertThat(client.globalCompatibility()).isEqualTo("BACKWARD");
    assertThat(client.subjectCompatibility("a-value")).contains("FORWARD");
    assertThat(client.subjectCompatibility("b-value")).isEmpty();
  }

  @Test
  void givenRawApiCalls_whenSchemaIsInvalidOrIdUnknown_thenServerAnswers42201And40403()
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/x-value/versions"))
                .header("Content-Type", SchemaRegistryContractServer.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{not json\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(MAPPER.readTree(bad.body()).path("error_code").asInt()).isEqualTo(42201);
    HttpResponse<String> id =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/999")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = MAPPER.readTree(id.body());
    assertThat(id.statusCode()).isEqualTo(404);
    assertThat(body.path("error_code").asInt()).isEqualTo(40403);
    assertThat(body.path("message").asText()).isEqualTo("Schema 999 not found");
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/x-value/versions"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"schemaType\":\"JSON\",\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(MAPPER.readTree(ok.body()).path("id").asInt()).isPositive();
  }

  @Test
  void givenARateLimit_whenManyRequestsAreSent_thenTheyArePacedAndCounted() {
    SchemaRegistryClient slow =
        SchemaRegistryClient.create(
            SchemaRegistryConfig.unauthenticated(registry.url()),
            new EnvFileSecretResolver(Map.of()),
            MAPPER,
            SchemaCrawlFixture.FAST.withRequestsPerSecond(20));
    long start = System.nanoTime();
    for (int i = 0; i < 11; i++) {
      slow.subjects(false);
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMs).isGreaterThanOrEqualTo(450); // 10 intervals of 50 ms
    assertThat(slow.requestCount()).isEqualTo(11);
  }

  @Test
  void givenAnOlderRegistry_whenSchemasAreListed_thenTheClientReportsNoBulkEndpoint() {
    registry.bulkSchemasEndpoint(false);
    try {
      assertThat(client.schemasPage(false, false, 0, 1000)).isEmpty();
    } finally {
      registry.bulkSchemasEndpoint(true);
    }
    assertThat(List.of(registry.requests().get(registry.requests().size() - 1).path()))
        .containsExactly("/schemas");
  }
}
