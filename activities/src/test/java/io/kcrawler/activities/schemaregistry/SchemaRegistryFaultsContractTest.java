package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.TlsMaterial;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the schema phase degrades: outages retried with backoff, 429 with Retry-After honoured, a
 * registry that stays down or rejects credentials failing with the right failure type, registries
 * without {@code GET /schemas}, basic/bearer auth and TLS with a custom CA.
 */
class SchemaRegistryFaultsContractTest {
  static final String SECRET = "s3cr3t-value-never-logged";
  static final String WRONG_SECRET = "wr0ng-value-never-logged";
  static final String ADDRESS =
      "{\"type\":\"record\",\"name\":\"Address\",\"fields\":[{\"name\":\"street\",\"type\":\"string\"}]}";

  @TempDir static Path dir;
  static SchemaCrawlFixture fixture;
  SchemaRegistryContractServer registry;

  @BeforeAll
  static void fixture() {
    fixture =
        new SchemaCrawlFixture(
            dir,
            new EnvFileSecretResolver(
                Map.of(
                    "SR_SECRET",
                    SECRET,
                    "SR_WRONG",
                    WRONG_SECRET,
                    "SR_TOKEN",
                    SECRET,
                    "SR_KEYSTORE_PW",
                    TlsMaterial.STORE_PASSWORD)),
            SchemaCrawlFixture.FAST);
  }

  @AfterAll
  static void stopFixture() {
    fixture.close();
  }

  @BeforeEach
  void start() throws Exception {
    registry = SchemaRegistryContractServer.start();
    seed(registry);
  }

  static void seed(SchemaRegistryContractServer r) {
    r.register("orders-value", "AVRO", ADDRESS);
    r.register(
        "orders-value",
        "AVRO",
        ADDRESS.replace(
            "}]}", "},{\"name\":\"zip\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    r.register(
        "payments-value",
        "JSON",
        "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}");
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  SchemaCrawlFixture.Result crawl(SchemaRegistryConfig config) throws Exception {
    return fixture.crawl(config, List.of("orders", "payments"), null);
  }

  static ApplicationFailure failureOf(ThrowingRunnable r) {
    Throwable t = catchThrowable(r::run);
    assertThat(t).isInstanceOf(ActivityFailure.class);
    assertThat(t.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) t.getCause();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void givenARegistryDownForTheFirstTwoAttempts_whenCrawled_thenItRetriesAndSucceeds()
      throws Exception {
    registry.failNext(2);
    SchemaCrawlFixture.Result r = crawl(SchemaCrawlFixture.registry(registry.url()));
    assertThat(r.subjects()).containsOnlyKeys("orders-value", "payments-value");
    assertThat(r.subjects().get("orders-value").versions()).hasSize(2);
    List<String> first = registry.requests().stream().limit(3).map(Object::toString).toList();
    assertThat(first).containsOnly("GET /config");
    assertThat(r.phase().counts().get("registryRequests")).isEqualTo(registry.requests().size());
  }

  @Test
  void givenA429WithRetryAfter_whenCrawled_thenTheClientWaitsThatLongAndGoesOn() throws Exception {
    registry.rateLimitNext(1, 1);
    long start = System.nanoTime();
    SchemaCrawlFixture.Result r = crawl(SchemaCrawlFixture.registry(registry.url()));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
    assertThat(r.subjects()).hasSize(2);
    assertThat(registry.requests().get(0).toString()).isEqualTo("GET /config");
    assertThat(registry.requests().get(1).toString()).isEqualTo("GET /config");
  }

  @Test
  void givenATruncatedJsonBody_whenCrawled_thenTheFailureIsRetryableAndNamesTheCall()
      throws Exception {
    registry.truncateNext(1);
    ApplicationFailure f = failureOf(() -> crawl(SchemaCrawlFixture.registry(registry.url())));
    assertThat(f.getType()).isEqualTo(FailureType.SCHEMA_REGISTRY_UNAVAILABLE.name());
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("GET /config", "truncated JSON body");

    // Temporal's retry of the schema phase (CrawlActivityPolicies.SCHEMAS) then reads everything.
    SchemaCrawlFixture.Result r = crawl(SchemaCrawlFixture.registry(registry.url()));
    assertThat(r.subjects()).containsOnlyKeys("orders-value", "payments-value");
  }

  @Test
  void givenAnAnswerSlowerThanTheRequestTimeout_whenCrawled_thenItIsRetriedAsUnavailable() {
    registry.delay(java.time.Duration.ofSeconds(2));
    SchemaCrawlFixture slowFixture =
        new SchemaCrawlFixture(
            dir.resolve("slow"),
            new EnvFileSecretResolver(Map.of()),
            SchemaCrawlFixture.FAST.withRequestTimeout(java.time.Duration.ofMillis(300)));
    try (slowFixture) {
      ApplicationFailure f =
          failureOf(
              () ->
                  slowFixture.crawl(
                      SchemaCrawlFixture.registry(registry.url()),
                      List.of("orders", "payments"),
                      null));
      assertThat(f.getType()).isEqualTo(FailureType.SCHEMA_REGISTRY_UNAVAILABLE.name());
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getOriginalMessage()).contains("HttpTimeoutException");
    }
  }

  @Test
  void givenAPasswordReferenceThatDoesNotResolve_whenCrawled_thenInvalidInputNamingTheField() {
    SchemaCrawlFixture noSecret =
        new SchemaCrawlFixture(
            dir.resolve("no-secret"), new EnvFileSecretResolver(Map.of()), SchemaCrawlFixture.FAST);
    try (noSecret) {
      ApplicationFailure f =
          failureOf(
              () ->
                  noSecret.crawl(
                      SchemaCrawlFixture.basic(registry.url(), "sr-key", "env:SR_SECRET_NOT_SET"),
                      List.of("orders"),
                      null));
      // As for the cluster's security.passwordRef: a wrong field of the request, not an outage.
      assertThat(f.getType()).isEqualTo(FailureType.INVALID_INPUT.name());
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("schemaRegistry.passwordRef");
    }
  }

  @Test
  void givenARegistryThatStaysDown_whenCrawled_thenTheFailureIsSchemaRegistryUnavailable() {
    registry.failNext(1000);
    ApplicationFailure f = failureOf(() -> crawl(SchemaCrawlFixture.registry(registry.url())));
    assertThat(f.getType()).isEqualTo(FailureType.SCHEMA_REGISTRY_UNAVAILABLE.name());
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("HTTP 500").contains("50001");
    assertThat(registry.requests()).hasSize(SchemaRegistryClient.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void givenNothingListening_whenCrawled_thenTheFailureIsSchemaRegistryUnavailable()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ApplicationFailure f =
        failureOf(() -> crawl(SchemaCrawlFixture.registry("http://127.0.0.1:" + port)));
    assertThat(f.getType()).isEqualTo(FailureType.SCHEMA_REGISTRY_UNAVAILABLE.name());
  }

  @Test
  void givenWrongBasicCredentials_whenCrawled_thenAuthFailedIsNonRetryableAndHidesTheSecret() {
    registry.requireBasicAuth("api-key", SECRET);
    ApplicationFailure f =
        failureOf(() -> crawl(SchemaCrawlFixture.basic(registry.url(), "api-key", "env:SR_WRONG")));
    assertThat(f.getType()).isEqualTo(FailureType.AUTH_FAILED.name());
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("Schema Registry rejected the credentials")
        .contains("401")
        .doesNotContain(WRONG_SECRET)
        .doesNotContain(SECRET);
    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void givenAForbiddingRegistry_whenCrawled_thenAuthFailed() {
    registry.forbidAll(true);
    ApplicationFailure f = failureOf(() -> crawl(SchemaCrawlFixture.registry(registry.url())));
    assertThat(f.getType()).isEqualTo(FailureType.AUTH_FAILED.name());
    assertThat(f.getOriginalMessage()).contains("403");
  }

  @Test
  void givenRightBasicCredentials_whenCrawled_thenSubjectsAreReadAndNoArtifactHoldsTheSecret()
      throws Exception {
    registry.requireBasicAuth("api-key", SECRET);
    SchemaCrawlFixture.Result r =
        crawl(SchemaCrawlFixture.basic(registry.url(), "api-key", "env:SR_SECRET"));
    assertThat(r.subjects()).hasSize(2);
    try (Stream<Path> files = Files.walk(fixture.store.root())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(p)).doesNotContain(SECRET);
      }
    }
  }

  @Test
  void givenABearerToken_whenCrawled_thenSubjectsAreRead() throws Exception {
    registry.requireBearer(SECRET);
    SchemaCrawlFixture.Result r = crawl(SchemaCrawlFixture.bearer(registry.url(), "env:SR_TOKEN"));
    assertThat(r.subjects()).hasSize(2);
  }

  @Test
  void givenARegistryWithoutTheBulkEndpoint_whenCrawled_thenAPerSubjectReadIsCompleteNotDegraded()
      throws Exception {
    registry.bulkSchemasEndpoint(false);
    SchemaCrawlFixture.Result r = crawl(SchemaCrawlFixture.registry(registry.url()));
    assertThat(r.subjects()).containsOnlyKeys("orders-value", "payments-value");
    assertThat(r.subjects().get("orders-value").versions())
        .extracting(v -> v.version())
        .containsExactly(1, 2);
    assertThat(r.subjects().get("orders-value").latest().fields()).hasSize(2);
    // Falling back is normal operation: a note, not a warning (a warning degrades the phase).
    assertThat(r.phase().totalWarnings()).isZero();
    assertThat(r.phase().notes())
        .singleElement()
        .asString()
        .contains("no bulk GET /schemas endpoint", "2 subjects", "per-subject calls")
        .doesNotContain("Confluent Platform");
    assertThat(registry.count(q -> q.path().equals("/schemas"))).isEqualTo(1);
    assertThat(registry.count(q -> q.path().equals("/subjects/orders-value/versions/2")))
        .isEqualTo(1);
  }

  @Test
  void givenLatestOnlyAndSoftDeletedSubjects_whenCrawled_thenOnlyLatestAndDeletedAreFlagged()
      throws Exception {
    registry.register("gone-value", "AVRO", ADDRESS);
    registry.softDelete("gone-value");
    SchemaCrawlFixture.Result r =
        fixture.crawl(
            SchemaCrawlFixture.config(
                registry.url(), "TopicNameStrategy", null, null, true, false, true),
            List.of("orders", "payments", "gone"),
            null);
    assertThat(r.subjects().get("orders-value").versions())
        .extracting(v -> v.version())
        .containsExactly(2);
    assertThat(r.subjects().get("gone-value").deleted()).isTrue();
    assertThat(r.subjects().get("orders-value").deleted()).isFalse();
  }

  @Test
  void
      givenARegistryWhoseLatestSkipsSoftDeleted_whenLatestOnlyWithSoftDeleted_thenTheHighestIsKept()
          throws Exception {
    registry.bulkSchemasEndpoint(false);
    registry.latestSkipsSoftDeleted(true);
    registry.register("gone-value", "AVRO", ADDRESS);
    registry.register("gone-value", "AVRO", ADDRESS.replace("Address", "Address2"));
    registry.softDelete("gone-value");

    SchemaCrawlFixture.Result r =
        fixture.crawl(
            SchemaCrawlFixture.config(
                registry.url(), "TopicNameStrategy", null, null, true, false, true),
            List.of("orders", "payments", "gone"),
            null);

    SchemaSubjectMetadata gone = r.subjects().get("gone-value");
    assertThat(gone).as("kept, not dropped as vanished").isNotNull();
    assertThat(gone.deleted()).isTrue();
    assertThat(gone.versions()).extracting(v -> v.version()).containsExactly(2);
    assertThat(r.phase().warnings()).noneMatch(w -> w.contains("vanished"));
  }

  @Test
  void givenARegistryAnsweringNoneForSubjectsWithoutALevel_whenCrawled_thenTheyInheritTheGlobal()
      throws Exception {
    registry.unsetSubjectLevelAnswer("NONE");
    registry.setGlobalCompatibility("BACKWARD");
    registry.setSubjectCompatibility("payments-value", "FULL");

    SchemaCrawlFixture.Result r =
        fixture.crawl(
            SchemaCrawlFixture.config(
                registry.url(), "TopicNameStrategy", null, null, false, true, false),
            List.of("orders", "payments"),
            null);

    SchemaSubjectMetadata inherits = r.subjects().get("orders-value");
    assertThat(inherits.compatibility()).as("no level of its own").isNull();
    assertThat(inherits.effectiveCompatibility()).isEqualTo("BACKWARD");
    assertThat(inherits.shownCompatibility()).isNotEqualTo("NONE");
    SchemaSubjectMetadata own = r.subjects().get("payments-value");
    assertThat(own.compatibility()).isEqualTo("FULL");
    assertThat(own.effectiveCompatibility()).isEqualTo("FULL");
  }

  @Test
  void givenMutualTls_whenCrawledWithAClientCertificateAndKeyAsPem_thenTheRegistryAcceptsIt()
      throws Exception {
    TlsMaterial server = TlsMaterial.selfSigned(dir.resolve("mtls-server"));
    TlsMaterial client = TlsMaterial.selfSigned(dir.resolve("mtls-client"));
    KeyStore clientKs = TlsMaterial.load(client.keystore());
    Key key = clientKs.getKey("server", TlsMaterial.STORE_PASSWORD.toCharArray());
    Path keyPem = dir.resolve("mtls-client/client-key.pem");
    Files.writeString(
        keyPem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    try (SchemaRegistryContractServer https =
        SchemaRegistryContractServer.startMutualTls(server.serverContext(client))) {
      seed(https);
      TlsConfig withCert =
          TlsConfig.caCertificate("file:" + server.caPem())
              .withClientCertificate("file:" + client.caPem(), "file:" + keyPem);
      assertThat(crawl(SchemaCrawlFixture.tls(https.url(), withCert)).subjects()).hasSize(2);
      // Without the custom CA the JDK's default CAs do not trust the server: the client's own
      // handshake check fails, which retrying cannot fix. (A missing client certificate is only
      // seen by the server under TLS 1.3, and reaches the client as a dropped connection.)
      TlsConfig withoutCa =
          TlsConfig.caCertificate(null)
              .withClientCertificate("file:" + client.caPem(), "file:" + keyPem);
      https.resetRequests();
      ApplicationFailure f = failureOf(() -> crawl(SchemaCrawlFixture.tls(https.url(), withoutCa)));
      assertThat(f.getType()).isEqualTo(FailureType.INVALID_INPUT.name());
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains("TLS handshake").contains("schemaRegistry.tls");
    }
  }

  @Test
  void givenMutualTls_whenCrawledWithAClientKeystore_thenTheRegistryAcceptsIt(
      @TempDir Path material) throws Exception {
    // Not under the class's directory: the artifact scans read every file there as text.
    TlsMaterial server = TlsMaterial.selfSigned(material.resolve("server"));
    TlsMaterial client = TlsMaterial.selfSigned(material.resolve("client"));
    try (SchemaRegistryContractServer https =
        SchemaRegistryContractServer.startMutualTls(server.serverContext(client))) {
      seed(https);
      TlsConfig withKeystore =
          TlsConfig.caCertificate("file:" + server.caPem())
              .withKeystore("file:" + client.keystore(), "env:SR_KEYSTORE_PW", null);
      assertThat(crawl(SchemaCrawlFixture.tls(https.url(), withKeystore)).subjects()).hasSize(2);
    }
  }

  @Test
  void givenTlsWithACustomCa_whenCrawled_thenTheRegistryIsTrusted() throws Exception {
    TlsMaterial tls = TlsMaterial.selfSigned(dir.resolve("tls"));
    SSLContext ctx = tls.serverContext(null);
    try (SchemaRegistryContractServer https = SchemaRegistryContractServer.startTls(ctx)) {
      seed(https);
      SchemaCrawlFixture.Result r =
          crawl(
              SchemaCrawlFixture.tls(https.url(), TlsConfig.caCertificate("file:" + tls.caPem())));
      assertThat(r.subjects()).hasSize(2);
    }
  }
}
