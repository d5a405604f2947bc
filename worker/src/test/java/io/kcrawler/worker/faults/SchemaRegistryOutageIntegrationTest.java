package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a Schema Registry that answers every request with 500 for the whole crawl, when the demo
 * cluster is crawled, then the schema phase fails after its bounded retries and the crawl still
 * publishes the topics: status PARTIAL, schemas FAILED naming the registry error, topics published.
 */
class SchemaRegistryOutageIntegrationTest {
  private static CrawlTestEnv env;
  private static SchemaRegistryContractServer registry;

  @BeforeAll
  static void start() throws Exception {
    SharedKafka.cluster();
    registry = SchemaRegistryContractServer.start();
    registry.register("orders-value", "AVRO", "\"string\"");
    registry.failNext(Integer.MAX_VALUE);
    env = CrawlTestEnv.start();
  }

  @AfterAll
  static void stop() {
    env.close();
    registry.close();
  }

  @Test
  void registryDownForTheWholeCrawlEndsPartialWithSchemasFailedAndTopicsPublished()
      throws Exception {
    CrawlSummary summary =
        env.crawl(
            CrawlRequest.of("registry-down", SharedKafka.cluster().bootstrapServers())
                .withSchemaRegistry(SchemaRegistryConfig.unauthenticated(registry.url())));

    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.PARTIAL);
    Map<String, PhaseSummary> phases =
        summary.phases().stream().collect(Collectors.toMap(PhaseSummary::phase, p -> p));
    assertThat(phases.get("schemas").status()).isEqualTo(PhaseStatus.FAILED);
    assertThat(phases.get("schemas").error()).contains("HTTP 500");
    assertThat(phases.get("topics").status()).isEqualTo(PhaseStatus.OK);
    // Publish warns that the schemas are missing, and publishes everything else.
    assertThat(phases.get("publish").status()).isIn(PhaseStatus.OK, PhaseStatus.DEGRADED);
    assertThat(summary.counts().get("topics")).isEqualTo(SharedKafka.dataset().topics().size());
    try (Stream<Path> files = Files.walk(env.outputDir())) {
      Path topics =
          files
              .filter(p -> p.getFileName().toString().equals("KafkaTopic.jsonl"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readAllLines(topics)).hasSize(SharedKafka.dataset().topics().size());
    }
  }
}
