package io.kcrawler.worker.security;

import static io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer.RECEIVED_BYTES;
import static io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer.RECEIVED_RECORDS;
import static io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer.SENT_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ConfluentCloudConfig;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.kafka.TopicStats;
import io.kcrawler.worker.support.BrokerLogs;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end, as on Confluent Cloud: a SASL_SSL broker whose ACLs deny the crawler's principal
 * describeLogDirs (no DESCRIBE on the cluster), and a local server playing the Metrics API. With a
 * {@code confluentCloud} block every topic gets its size from the API, no log-dir request is sent
 * (so none succeeds), idle topics are named in the raw output, the topic assets and the change
 * report, and the cluster is Confluent; without the block the same principal's sizes are denied.
 */
class ConfluentCloudSizesIntegrationTest {
  static final String CLUSTER = "lkc-e2e42";
  static final String KEY = "E2ECLOUDKEY";
  static final String SECRET = "e2e-cloud-secret-value";

  /** Topics nothing is written to or read from in the stand-in. */
  static final Set<String> IDLE = Set.of("orders-dlt", "audit-log", "connect-configs");

  private static SecureCluster cluster;
  private static ConfluentMetricsContractServer metrics;
  private static CrawlTestEnv env;
  private static BrokerLogs brokerLogs;
  private static final Map<String, Long> expectedSize = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = new SecureCluster();
    metrics = ConfluentMetricsContractServer.start();
    metrics.cloudKey(KEY, SECRET, CLUSTER);
    for (DemoData.TopicSpec t : cluster.dataset.topics()) {
      long total = 0;
      for (int p = 0; p < t.partitions(); p++) {
        long bytes = 10_000L * (p + 1) + t.name().length();
        metrics.retainedBytes(CLUSTER, t.name(), p, bytes);
        total += bytes;
        long perMinute = IDLE.contains(t.name()) ? 0 : 100 + p;
        metrics.counter(CLUSTER, RECEIVED_BYTES, t.name(), p, perMinute);
        metrics.counter(CLUSTER, RECEIVED_RECORDS, t.name(), p, perMinute / 100);
        metrics.counter(CLUSTER, SENT_BYTES, t.name(), p, perMinute * 3);
      }
      expectedSize.put(t.name(), total);
    }
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(
                Map.of(
                    "CLOUDLIKE_PASSWORD", SecureCluster.CLOUDLIKE_PASSWORD, "CC_SECRET", SECRET)),
            WorkerFactoryOptions.getDefaultInstance());
    brokerLogs = BrokerLogs.capture();
  }

  @AfterAll
  static void stop() {
    brokerLogs.close();
    env.close();
    metrics.close();
    cluster.close();
  }

  static CrawlRequest request(String connectionId) {
    return cluster.request(connectionId, "cloudlike", "env:CLOUDLIKE_PASSWORD");
  }

  @Test
  void givenDescribeLogDirsDeniedByAcl_whenCrawledWithTheMetricsApi_thenEveryTopicIsSizedByIt()
      throws Exception {
    brokerLogs.clear();
    metrics.clearRequests();
    CrawlRequest request =
        request("cloud-sizes")
            .withConfluentCloud(
                new ConfluentCloudConfig(
                    CLUSTER, KEY, null, "env:CC_SECRET", metrics.url(), "env-e2e"));

    CrawlSummary summary = env.crawl(request);

    // The one thing missing is the ACLs: reading them needs DESCRIBE on the cluster, which this
    // principal lacks (as a Confluent Cloud service account without a cluster role). Sizes are
    // complete: nothing else is denied.
    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.PARTIAL);
    assertThat(summary.phases())
        .filteredOn(p -> !p.phase().equals("brokers"))
        .allSatisfy(p -> assertThat(p.status()).isIn(PhaseStatus.OK, PhaseStatus.SKIPPED));
    assertThat(summary.phases())
        .filteredOn(p -> p.phase().equals("brokers"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.denied())
                    .singleElement()
                    .asString()
                    .startsWith("DESCRIBE on CLUSTER")
                    .contains("ACLs"));
    int topics = cluster.dataset.topics().size();
    assertThat(summary.counts())
        .containsEntry("topicStats", (long) topics)
        .containsEntry("topicsSizedByMetricsApi", (long) topics)
        .containsEntry("topicsUnknownToMetricsApi", 0L)
        .containsEntry("idleTopics", (long) IDLE.size())
        // One query per metric: 22 topics fit one page.
        .containsEntry("metricsApiRequests", 4L);
    assertThat(metrics.queryCount()).isEqualTo(4);

    // Raw output: every topic sized by the API, activity with idle flags.
    Path output = Path.of(summary.outputLocation());
    Map<String, TopicStats> stats = readStats(output);
    assertThat(stats).hasSize(topics);
    stats.forEach(
        (topic, s) -> {
          assertThat(s.sizeBytes()).as(topic).isEqualTo(expectedSize.get(topic));
          assertThat(s.sizeSource()).as(topic).isEqualTo(TopicStats.FROM_METRICS_API);
          assertThat(s.activity().idle()).as(topic).isEqualTo(IDLE.contains(topic));
        });
    assertThat(Files.readString(output.resolve(ArtifactKinds.TOPIC_STATS)))
        .contains("\"idle\":true");

    // No log-dir request was sent by the crawler's principal, so none succeeded; the broker saw
    // its other requests.
    assertThat(brokerLogs.requestsBy("User:cloudlike", "LIST_OFFSETS")).isNotEmpty();
    assertThat(brokerLogs.requestsBy("User:cloudlike", "DESCRIBE_LOG_DIRS")).isEmpty();

    // The catalog: sizes, idle topics described, the cluster is Confluent.
    Map<String, JsonNode> topicAssets = assets(output, "KafkaTopic");
    assertThat(topicAssets).hasSize(topics);
    topicAssets.forEach(
        (name, a) ->
            assertThat(a.at("/attributes/kafkaTopicSizeInBytes").asLong())
                .as(name)
                .isEqualTo(expectedSize.get(name)));
    for (String idle : IDLE) {
      assertThat(topicAssets.get(idle).at("/attributes/description").asText())
          .startsWith("Idle: nothing written to or read from this topic");
    }
    assertThat(topicAssets.get("orders").at("/attributes/description").asText())
        .startsWith("In the 24 hours before the crawl: ");
    JsonNode clusterAsset = assets(output, "KafkaCluster").values().iterator().next();
    assertThat(clusterAsset.at("/attributes/kafkaClusterType").asText()).isEqualTo("Confluent");
    assertThat(clusterAsset.at("/attributes/kafkaEnvironment").asText()).isEqualTo("env-e2e");
    JsonNode report =
        Json.mapper().readTree(output.resolve("catalog").resolve("change-report.json").toFile());
    List<String> idleInReport = new ArrayList<>();
    report.at("/idleTopics/items").forEach(n -> idleInReport.add(n.asText()));
    assertThat(idleInReport).containsExactlyInAnyOrderElementsOf(IDLE);
  }

  @Test
  void givenDescribeLogDirsDeniedByAcl_whenCrawledWithoutTheBlock_thenSizesAreDeniedAndNoneSent()
      throws Exception {
    brokerLogs.clear();

    CrawlSummary summary = env.crawl(request("cloud-no-block"));

    assertThat(summary.status()).isEqualTo(CrawlStatus.PARTIAL);
    PhaseSummary groups =
        summary.phases().stream()
            .filter(p -> p.phase().equals("consumer-groups"))
            .findFirst()
            .orElseThrow();
    assertThat(groups.status()).isEqualTo(PhaseStatus.DEGRADED);
    assertThat(groups.denied())
        .singleElement()
        .satisfies(d -> assertThat(d).startsWith("DESCRIBE on CLUSTER").contains("sizes"));
    assertThat(readStats(Path.of(summary.outputLocation())).values())
        .allSatisfy(s -> assertThat(s.sizeBytes()).isNull());
    // The broker denied the principal DESCRIBE on the cluster, which describeLogDirs needs.
    assertThat(brokerLogs.deniedOperations("User:cloudlike")).contains("DESCRIBE on CLUSTER");
    // describeLogDirs was sent and refused: error 31, CLUSTER_AUTHORIZATION_FAILED.
    assertThat(brokerLogs.requestsBy("User:cloudlike", "DESCRIBE_LOG_DIRS"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r).contains("\"response\":{\"throttleTimeMs\":0,\"errorCode\":31,"));
  }

  private static Map<String, TopicStats> readStats(Path output) throws Exception {
    Map<String, TopicStats> stats = new HashMap<>();
    for (String line : Files.readAllLines(output.resolve(ArtifactKinds.TOPIC_STATS))) {
      if (!line.isBlank()) {
        TopicStats s = Json.mapper().readValue(line, TopicStats.class);
        stats.put(s.topic(), s);
      }
    }
    return stats;
  }

  private static Map<String, JsonNode> assets(Path output, String type) throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (String line : Files.readAllLines(output.resolve("catalog").resolve(type + ".jsonl"))) {
      if (!line.isBlank()) {
        JsonNode a = Json.mapper().readTree(line);
        out.put(a.at("/attributes/name").asText(), a);
      }
    }
    return out;
  }
}
