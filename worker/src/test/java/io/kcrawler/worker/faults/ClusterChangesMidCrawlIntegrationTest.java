package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.worker.support.CrawlTestEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a crawl of a cluster that changes under it — a topic deleted between listing and
 * describing, partitions added to a topic already described (and a group committing on them), a
 * consumer group deleted between listing and describing — then the crawl finishes, publishes, and
 * its summary says what moved. The changes are made from the phases' heartbeats ({@link
 * FaultInjection}), which mark exact points between two Admin batches.
 */
class ClusterChangesMidCrawlIntegrationTest {
  /**
   * One more than two describeConsumerGroups batches of 1,000: the phase keeps two batches in
   * flight, so the group deleted after the first heartbeat must be in the third batch (it sorts
   * last) to be asked for after its deletion.
   */
  static final int SIMPLE_GROUPS = 2_001;

  /**
   * Sorts last, so it is in the third describeTopics batch of the {@link FaultCluster}: asked for
   * after the first heartbeat (two batches are in flight), when it is already deleted.
   */
  static final String DOOMED_TOPIC = "zz.doomed-topic";

  static final String GROWING_TOPIC = "aa.growing-topic";
  static final String DOOMED_GROUP = "zz.doomed-group";
  static final String GROWTH_READER = "aa.growth-reader";

  private static EmbeddedKafkaCluster kafka;
  private static Admin admin;
  private static CrawlTestEnv env;
  private static final List<String> injected = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    kafka = FaultCluster.get();
    admin = Admin.create(kafka.adminClientProperties());
    admin
        .createTopics(
            List.of(
                new NewTopic(DOOMED_TOPIC, 1, (short) 1),
                new NewTopic(GROWING_TOPIC, 1, (short) 1)))
        .all()
        .get();
    io.kcrawler.devkit.DemoData.awaitLeaders(admin, List.of(DOOMED_TOPIC, GROWING_TOPIC));
    List<KafkaFuture<Void>> commits = new ArrayList<>();
    for (int i = 0; i < SIMPLE_GROUPS; i++) {
      String group = i == SIMPLE_GROUPS - 1 ? DOOMED_GROUP : String.format("simple-group-%04d", i);
      commits.add(
          admin
              .alterConsumerGroupOffsets(
                  group, Map.of(new TopicPartition(GROWING_TOPIC, 0), new OffsetAndMetadata(0)))
              .all());
    }
    KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get();
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(),
            FaultInjection.options(ClusterChangesMidCrawlIntegrationTest::change, null));
  }

  @AfterAll
  static void stop() {
    env.close();
    admin.close();
  }

  /** Changes the cluster after the first batch of the topics and of the consumer-groups phase. */
  private static void change(String phase, int heartbeat) throws Exception {
    if (heartbeat != 1 || injected.contains(phase)) {
      return;
    }
    if (phase.equals("topics")) {
      injected.add(phase);
      admin.deleteTopics(List.of(DOOMED_TOPIC)).all().get();
      admin.createPartitions(Map.of(GROWING_TOPIC, NewPartitions.increaseTo(3))).all().get();
      commitOnNewPartition();
    } else if (phase.equals("consumer-groups")) {
      injected.add(phase);
      admin.deleteConsumerGroups(List.of(DOOMED_GROUP)).all().get();
    }
  }

  private static void commitOnNewPartition() throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        admin
            .alterConsumerGroupOffsets(
                GROWTH_READER,
                Map.of(new TopicPartition(GROWING_TOPIC, 2), new OffsetAndMetadata(0)))
            .all()
            .get();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (attempt > 50) {
          throw e;
        }
        Thread.sleep(100); // the new partition is not served yet
      }
    }
  }

  @Test
  void topicDeletedGroupDeletedAndPartitionsAddedMidCrawlTheCrawlFinishesAndSaysWhatMoved() {
    CrawlSummary summary = env.crawl(CrawlRequest.of("moving-cluster", kafka.bootstrapServers()));

    assertThat(injected).containsExactlyInAnyOrder("topics", "consumer-groups");
    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.PARTIAL);
    assertThat(summary.outputLocation()).isNotNull();
    assertThat(summary.phases())
        .extracting(PhaseSummary::phase, PhaseSummary::status)
        .contains(
            org.assertj.core.groups.Tuple.tuple("topics", PhaseStatus.DEGRADED),
            org.assertj.core.groups.Tuple.tuple("consumer-groups", PhaseStatus.DEGRADED),
            org.assertj.core.groups.Tuple.tuple("publish", PhaseStatus.OK));
    assertThat(summary.warnings())
        .contains(
            "topics: topic "
                + DOOMED_TOPIC
                + " was deleted (or re-created) between listing and describing",
            "consumer-groups: consumer group " + DOOMED_GROUP + " was deleted during the crawl")
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "consumer-groups: topic " + GROWING_TOPIC + " grew during the crawl"));
    assertThat(summary.counts())
        .containsEntry("topicsVanished", 1L)
        .containsEntry("groupsVanished", 1L)
        .containsEntry("topicsGrown", 1L);
  }
}
