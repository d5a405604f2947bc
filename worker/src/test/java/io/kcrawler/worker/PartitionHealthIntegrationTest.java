package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.worker.support.ChangeReports;
import io.kcrawler.worker.support.CrawlTestEnv;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * Given a three-node cluster crawled once, when a node is stopped, then the next crawl still
 * completes, reports the topic with a replica on it as under-replicated (MEDIUM) and the topic
 * whose only replica was on it as offline (HIGH), and nothing else; the offline partition's offsets
 * are reported missing instead of being waited for.
 */
class PartitionHealthIntegrationTest {
  private static final int STOPPED = 2;

  @Test
  void aStoppedBrokerMakesTheTopicsWithAReplicaOnItUnderReplicated() throws Exception {
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).start();
        CrawlTestEnv env = CrawlTestEnv.start();
        Admin admin = Admin.create(kafka.adminClientProperties())) {
      kafka.createTopics(
          List.of(
              new NewTopic("replicated", 2, (short) 3),
              new NewTopic("steady", Map.of(0, List.of(0))),
              new NewTopic("fragile", Map.of(0, List.of(STOPPED)))),
          Duration.ofMinutes(1));
      CrawlRequest request = CrawlRequest.of("health", kafka.bootstrapServers());
      CrawlSummary first = env.crawl(request);
      assertThat(findings(first)).isEmpty();

      kafka.stopNode(STOPPED);
      awaitBrokerGone(admin);

      CrawlSummary second = env.crawl(request);
      List<String> fired = findings(second);
      assertThat(fired)
          .containsExactlyInAnyOrder(
              "HIGH partitions-offline fragile", "MEDIUM partitions-under-replicated replicated");
      assertThat(second.status()).as(second.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
      PhaseSummary groups =
          second.phases().stream()
              .filter(p -> p.phase().equals(Phases.CONSUMER_GROUPS))
              .findFirst()
              .orElseThrow();
      assertThat(groups.counts()).containsEntry("offlinePartitions", 1L);
      assertThat(groups.notes()).anySatisfy(n -> assertThat(n).contains("fragile-0"));
    }
  }

  private static List<String> findings(CrawlSummary s) throws Exception {
    return ChangeReports.findings(ChangeReports.of(s).get("risk"));
  }

  /** Until the controller has moved the stopped node out of the replicated topic's ISRs. */
  private static void awaitBrokerGone(Admin admin) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      TopicDescription d =
          admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
      if (d.partitions().stream()
          .allMatch(p -> p.isr().stream().noneMatch(n -> n.id() == STOPPED))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("node " + STOPPED + " still in an ISR after 60 s");
  }
}
