package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.devkit.DemoSchemas;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  private static PhaseSummary phase(CrawlSummary summary, String name) {
    return summary.phases().stream().filter(p -> p.phase().equals(name)).findFirst().orElseThrow();
  }
}
