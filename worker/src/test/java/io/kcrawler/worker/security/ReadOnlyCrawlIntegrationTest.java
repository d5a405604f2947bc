package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Given a SASL_SSL cluster with the StandardAuthorizer: a principal with only the README's minimal
 * ACLs completes a full crawl with every phase populated, and the broker's own request and
 * authorizer logs show it sent only read-only requests; a principal without the optional rights
 * still completes, with a report of what was denied and what is missing.
 */
class ReadOnlyCrawlIntegrationTest {
  /** Every API the crawler may call: list and describe only, plus connection set-up. */
  static final Set<String> READ_ONLY_APIS =
      Set.of(
          "API_VERSIONS",
          "SASL_HANDSHAKE",
          "SASL_AUTHENTICATE",
          "METADATA",
          "DESCRIBE_CLUSTER",
          "DESCRIBE_TOPIC_PARTITIONS",
          "DESCRIBE_CONFIGS",
          "LIST_GROUPS",
          "FIND_COORDINATOR",
          "DESCRIBE_GROUPS",
          "CONSUMER_GROUP_DESCRIBE",
          "OFFSET_FETCH",
          "LIST_OFFSETS",
          "DESCRIBE_LOG_DIRS",
          "DESCRIBE_ACLS",
          "DESCRIBE_CLIENT_QUOTAS");

  private static SecureCluster cluster;
  private static CrawlTestEnv env;
  private static final ListAppender<ILoggingEvent> brokerLog = new ListAppender<>();

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
    brokerLog.start();
    for (String name : new String[] {"kafka.request.logger", "kafka.authorizer.logger"}) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(Level.DEBUG);
      logger.setAdditive(false);
      logger.addAppender(brokerLog);
    }
  }

  @AfterAll
  static void stop() {
    for (String name : new String[] {"kafka.request.logger", "kafka.authorizer.logger"}) {
      ((Logger) LoggerFactory.getLogger(name)).detachAppender(brokerLog);
    }
    env.close();
    cluster.close();
  }

  @Test
  void minimalAclsCrawlEverythingWithReadOnlyRequestsOnly() {
    brokerLog.list.clear();
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

    Set<String> apis = new TreeSet<>();
    Set<String> operations = new TreeSet<>();
    Pattern api = Pattern.compile("\"requestApiKeyName\":\"(\\w+)\"");
    Pattern op = Pattern.compile("Principal = User:crawler is \\w+ operation = (\\w+)");
    List<ILoggingEvent> logged;
    // Broker threads may still be logging (request logs follow the responses): copy under the
    // appender's own lock.
    synchronized (brokerLog) {
      logged = new ArrayList<>(brokerLog.list);
    }
    for (ILoggingEvent e : logged) {
      String message = e.getFormattedMessage();
      if (message.contains("\"principal\":\"User:crawler\"")) {
        Matcher m = api.matcher(message);
        if (m.find()) {
          apis.add(m.group(1));
        }
      }
      Matcher m = op.matcher(message);
      if (m.find()) {
        operations.add(m.group(1));
      }
    }
    assertThat(apis).contains("METADATA", "DESCRIBE_CONFIGS", "OFFSET_FETCH", "LIST_OFFSETS");
    assertThat(apis).isSubsetOf(READ_ONLY_APIS);
    assertThat(operations).isNotEmpty().isSubsetOf("DESCRIBE", "DESCRIBE_CONFIGS");
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
