package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.worker.support.BrokerLogs;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a SASL_SSL cluster with the StandardAuthorizer: a principal with only the README's minimal
 * ACLs completes a full crawl with every phase populated, and the broker's own request and
 * authorizer logs show it sent only read-only requests; a principal without the optional rights
 * still completes, with a report of what was denied and what is missing.
 */
class ReadOnlyCrawlIntegrationTest {
  private static SecureCluster cluster;
  private static CrawlTestEnv env;
  private static BrokerLogs brokerLogs;

  @BeforeAll
  static void start() throws Exception {
    cluster = new SecureCluster();
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(
                Map.of(
                    "CRAWLER_PASSWORD", SecureCluster.CRAWLER_PASSWORD,
                    "LIMITED_PASSWORD", SecureCluster.LIMITED_PASSWORD)),
            WorkerFactoryOptions.getDefaultInstance());
    brokerLogs = BrokerLogs.capture();
  }

  @AfterAll
  static void stop() {
    brokerLogs.close();
    env.close();
    cluster.close();
  }

  @Test
  void minimalAclsCrawlEverythingWithReadOnlyRequestsOnly() {
    brokerLogs.clear();
    CrawlSummary summary =
        env.crawl(cluster.request("acl-minimal", "crawler", "env:CRAWLER_PASSWORD"));

    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.counts())
        .containsEntry("topics", (long) cluster.dataset.topics().size())
        .containsEntry("consumerGroups", (long) cluster.dataset.groups().size())
        .containsEntry("topicConfigs", (long) cluster.dataset.topics().size())
        .containsEntry("topicStats", (long) cluster.dataset.topics().size());
    assertThat(summary.counts().get("brokerConfigEntries")).isPositive();
    assertThat(summary.counts().get("committedOffsets")).isPositive();
    // Access as metadata: the crawler's own DESCRIBE bindings are among those read, and the
    // output says, per topic, that it may describe it (and not read or write it).
    assertThat(summary.counts().get("aclBindings")).isPositive();
    List<String> access =
        lines(Path.of(summary.outputLocation()).resolve("access-by-resource.jsonl"));
    assertThat(access).hasSize(cluster.dataset.topics().size() + cluster.dataset.groups().size());
    assertThat(access)
        .filteredOn(l -> l.contains("\"resourceType\":\"TOPIC\""))
        .allSatisfy(
            l ->
                assertThat(l)
                    .containsPattern("\"describe\":\\[[^\\]]*\"User:crawler\"")
                    .contains("\"read\":[]")
                    .contains("\"write\":[]"));
    assertThat(summary.phases())
        .allSatisfy(p -> assertThat(p.status()).isIn(PhaseStatus.OK, PhaseStatus.SKIPPED));
    // The same on each topic asset, in Atlan's readme-from-source attribute.
    List<String> topicAssets =
        lines(Path.of(summary.outputLocation()).resolve("catalog/KafkaTopic.jsonl"));
    assertThat(topicAssets)
        .hasSize(cluster.dataset.topics().size())
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("\"assetSourceReadme\":\"## Access (Kafka ACLs at the last crawl)")
                    .contains("- **Read (consume)**: nobody through the ACLs")
                    .containsPattern("- \\*\\*Describe\\*\\*: [^\\\\]*`User:crawler`"));

    Set<String> apis = brokerLogs.apisSentBy("User:crawler");
    Set<String> operations = brokerLogs.operationsDecidedFor("User:crawler");
    assertThat(apis).contains("METADATA", "DESCRIBE_CONFIGS", "OFFSET_FETCH", "LIST_OFFSETS");
    assertThat(apis).isSubsetOf(BrokerLogs.READ_ONLY_APIS);
    assertThat(operations).isNotEmpty().isSubsetOf(BrokerLogs.READ_ONLY_OPERATIONS);
    assertThat(operations)
        .doesNotContain(
            "WRITE", "READ", "CREATE", "DELETE", "ALTER", "ALTER_CONFIGS", "IDEMPOTENT_WRITE");
  }

  @Test
  void missingOptionalRightsDegradeWithAReportOfWhatWasDenied() {
    CrawlSummary summary =
        env.crawl(cluster.request("acl-limited", "limited", "env:LIMITED_PASSWORD"));

    assertThat(summary.status()).isEqualTo(CrawlStatus.PARTIAL);
    assertThat(summary.counts())
        .containsEntry("topics", (long) cluster.dataset.topics().size())
        .containsEntry("consumerGroups", (long) cluster.dataset.groups().size());
    PhaseSummary configs = phase(summary, "topic-configs");
    assertThat(configs.status()).isEqualTo(PhaseStatus.DEGRADED);
    assertThat(configs.denied())
        .isNotEmpty()
        .allSatisfy(
            d ->
                assertThat(d)
                    .startsWith("DESCRIBE_CONFIGS on TOPIC ")
                    .contains("configs of this topic are missing"));
    assertThat(phase(summary, "brokers").denied())
        .anySatisfy(d -> assertThat(d).startsWith("DESCRIBE_CONFIGS on CLUSTER"));
    assertThat(phase(summary, "consumer-groups").denied())
        .anySatisfy(d -> assertThat(d).contains("DESCRIBE on CLUSTER").contains("sizes"));
    // The ACLs (DESCRIBE on the cluster) and the client quotas (DESCRIBE_CONFIGS on it) too.
    assertThat(phase(summary, "brokers").denied())
        .anySatisfy(d -> assertThat(d).startsWith("DESCRIBE on CLUSTER").contains("ACLs"))
        .anySatisfy(
            d -> assertThat(d).startsWith("DESCRIBE_CONFIGS on CLUSTER").contains("quotas"));
    assertThat(summary.counts().get("denied"))
        .isEqualTo(cluster.dataset.topics().size() + 1L + 1L + 2L);
    assertThat(summary.warnings())
        .anySatisfy(w -> assertThat(w).contains("denied DESCRIBE_CONFIGS on TOPIC"));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static PhaseSummary phase(CrawlSummary summary, String name) {
    return summary.phases().stream().filter(p -> p.phase().equals(name)).findFirst().orElseThrow();
  }
}
