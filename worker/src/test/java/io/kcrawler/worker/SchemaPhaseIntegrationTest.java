package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.DemoSchemas;
import io.kcrawler.devkit.TlsMaterial;
import io.kcrawler.devkit.oauth.OAuthTokenContractServer;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the demo cluster and a registry holding the demo schemas, when a crawl includes the
 * registry, then subjects map to their topics with parsed fields; when the registry is down or
 * rejects the credentials, the topic crawl still publishes and the summary says why the schema
 * phase failed.
 */
class SchemaPhaseIntegrationTest {
  private static CrawlTestEnv env;
  private static SchemaRegistryContractServer registry;

  @BeforeAll
  static void start() throws Exception {
    SharedKafka.cluster();
    registry = SchemaRegistryContractServer.start();
    DemoSchemas.seed(registry);
    env = CrawlTestEnv.start();
  }

  @AfterAll
  static void stop() {
    env.close();
    registry.close();
  }

  private static CrawlRequest request(String id, SchemaRegistryConfig sr) {
    return CrawlRequest.of(id, SharedKafka.cluster().bootstrapServers()).withSchemaRegistry(sr);
  }

  @Test
  void subjectsMapToTheirTopicsWithParsedFields() throws Exception {
    CrawlSummary summary =
        env.crawl(request("schemas-ok", SchemaRegistryConfig.unauthenticated(registry.url())));

    assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
    Map<String, SchemaSubjectMetadata> subjects =
        KafkaCrawlIntegrationTest.readFrom(
            Path.of(summary.outputLocation()),
            "schema-subjects.jsonl",
            SchemaSubjectMetadata.class,
            SchemaSubjectMetadata::subject);
    assertThat(subjects.get("orders-value").topics()).containsExactly("orders");
    assertThat(subjects.get("orders-value").role()).isEqualTo("VALUE");
    assertThat(subjects.get("orders-value").compatibility()).isEqualTo("FULL");
    assertThat(subjects.get("orders-value").versions()).hasSize(2);
    assertThat(subjects.get("orders-value").latest().fields())
        .extracting(SchemaField::path)
        .contains("id", "amount", "items", "shipTo", "tags");
    assertThat(subjects.get("orders-key").role()).isEqualTo("KEY");
    assertThat(subjects.get("payments-value").latest().schemaType()).isEqualTo("JSON");
    assertThat(subjects.get("customers-value").latest().schemaType()).isEqualTo("PROTOBUF");
    assertThat(subjects.get("customers-value").latest().fields())
        .extracting(SchemaField::path)
        .contains("id", "contact.email");
    assertThat(summary.outputLocation()).isNotNull();
    assertThat(Path.of(summary.outputLocation()).resolve("catalog/KafkaField.jsonl")).exists();
  }

  @Test
  void registryDownStillPublishesTopicsAndSaysWhy() {
    CrawlSummary summary =
        env.crawl(
            request("schemas-down", SchemaRegistryConfig.unauthenticated("http://127.0.0.1:1")));

    assertThat(summary.status()).isEqualTo(CrawlStatus.PARTIAL);
    assertThat(summary.counts().get("topics")).isPositive();
    PhaseSummary schemas = phase(summary, "schemas");
    assertThat(schemas.status()).isEqualTo(PhaseStatus.FAILED);
    assertThat(schemas.error()).contains("127.0.0.1:1");
    assertThat(phase(summary, "publish").status()).isIn(PhaseStatus.OK, PhaseStatus.DEGRADED);
  }

  @Test
  void rejectedRegistryCredentialsAreNotRetriedAndTheCrawlStillPublishes() throws Exception {
    try (SchemaRegistryContractServer locked = SchemaRegistryContractServer.start()) {
      locked.requireBasicAuth("sr-key", "right");
      CrawlRequest req =
          request(
              "schemas-401",
              new SchemaRegistryConfig(
                  locked.url(),
                  "BASIC",
                  "sr-key",
                  "env:PATH",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null));
      CrawlSummary summary = env.crawl(req);

      PhaseSummary schemas = phase(summary, "schemas");
      assertThat(schemas.status()).isEqualTo(PhaseStatus.FAILED);
      assertThat(schemas.error()).containsIgnoringCase("credentials");
      assertThat(summary.counts().get("topics")).isPositive();
      assertThat(phase(summary, "publish").status()).isIn(PhaseStatus.OK, PhaseStatus.DEGRADED);
    }
  }

  @Test
  void givenARegistryTakingOAuthTokensThatExpireMidPhase_whenCrawled_thenEveryPhaseRuns()
      throws Exception {
    try (OAuthTokenContractServer idp =
            OAuthTokenContractServer.start().client("sr-client", "sr-client-secret");
        SchemaRegistryContractServer oauth = SchemaRegistryContractServer.start();
        CrawlTestEnv secured =
            CrawlTestEnv.start(
                new EnvFileSecretResolver(Map.of("SR_OAUTH_SECRET", "sr-client-secret")),
                WorkerFactoryOptions.getDefaultInstance())) {
      DemoSchemas.seed(oauth);
      oauth.requireOAuth(idp::live, "lsrc-it", "pool-it");
      // One-second tokens and a slow registry: the phase outlives several tokens.
      idp.tokenLifetime(Duration.ofSeconds(1));
      oauth.delay(Duration.ofMillis(150));

      CrawlSummary summary =
          secured.crawl(
              request(
                  "schemas-oauth",
                  SchemaRegistryConfig.oauth(
                      oauth.url(),
                      new OAuthConfig(
                          idp.tokenEndpoint(),
                          "sr-client",
                          "env:SR_OAUTH_SECRET",
                          null,
                          "lsrc-it",
                          "pool-it"))));

      assertEveryPhaseRanWithEverySubject(summary);
      // Renewed before expiry: more than one token over the phase.
      assertThat(idp.issued()).isGreaterThan(1);
    }
  }

  @Test
  void givenARegistryRequiringClientCertificates_whenCrawledWithOne_thenEveryPhaseRuns(
      @TempDir Path material) throws Exception {
    TlsMaterial server = TlsMaterial.selfSigned(material.resolve("server"));
    TlsMaterial client = TlsMaterial.selfSigned(material.resolve("client"));
    try (SchemaRegistryContractServer mtls =
            SchemaRegistryContractServer.startMutualTls(server.serverContext(client));
        CrawlTestEnv secured =
            CrawlTestEnv.start(
                new EnvFileSecretResolver(Map.of("SR_KEYSTORE_PW", TlsMaterial.STORE_PASSWORD)),
                WorkerFactoryOptions.getDefaultInstance())) {
      DemoSchemas.seed(mtls);

      CrawlSummary summary =
          secured.crawl(
              request(
                  "schemas-mtls",
                  SchemaRegistryConfig.unauthenticated(mtls.url())
                      .withTls(
                          TlsConfig.caCertificate("file:" + server.caPem())
                              .withKeystore(
                                  "file:" + client.keystore(), "env:SR_KEYSTORE_PW", null))));

      assertEveryPhaseRanWithEverySubject(summary);
    }
  }

  private static void assertEveryPhaseRanWithEverySubject(CrawlSummary summary) {
    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.phases())
        .allSatisfy(p -> assertThat(p.status()).as(p.phase()).isEqualTo(PhaseStatus.OK));
    assertThat(summary.counts().get("subjects")).isEqualTo((long) DemoSchemas.SUBJECTS.size());
    assertThat(summary.counts().get("topics")).isPositive();
  }

  private static PhaseSummary phase(CrawlSummary summary, String name) {
    return summary.phases().stream().filter(p -> p.phase().equals(name)).findFirst().orElseThrow();
  }
}
