package io.kcrawler.activities.kafka;

import static io.kcrawler.activities.kafka.KafkaPhaseFixture.EVERY_BATCH;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.GROUPS;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.GROUPS_BATCH;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.MAPPER;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.UNINTERRUPTED;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.brokerRequests;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.bytes;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.context;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.parts;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.throughActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.boundary.PhaseProgress;
import io.kcrawler.activities.kafka.KafkaPhaseFixture.Attempt;
import io.kcrawler.activities.kafka.KafkaPhaseFixture.AttemptDied;
import io.kcrawler.activities.kafka.KafkaPhaseFixture.DyingProgress;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups against a real broker: an attempt that dies after some describe batches leaves
 * the described groups in checkpointed parts, and the retry, given the last heartbeat details,
 * describes only the groups after them, reruns the steps that follow, and ends with the artifacts
 * and counts of an uninterrupted run.
 */
class ConsumerGroupsCrawlerIntegrationTest {
  static final int BATCHES = (GROUPS + GROUPS_BATCH - 1) / GROUPS_BATCH;
  static final int DIES_AFTER = 2;

  static PhaseResult uninterrupted;
  static byte[] uninterruptedGroups;
  static byte[] uninterruptedStats;

  /** OffsetFetch requests of one batch (one per coordinator; the cluster has one broker). */
  static double requestsPerBatch;

  @TempDir Path dir;
  ArtifactStore store;
  ArtifactRef topics;

  @BeforeAll
  static void crawlUninterrupted(@TempDir Path dir) throws Exception {
    ArtifactStore store = new LocalArtifactStore(dir);
    ArtifactRef topics = writeTopics(store);
    long before = brokerRequests("OffsetFetch");
    Attempt run = throughActivity(store, UNINTERRUPTED, null, groups(topics));
    requestsPerBatch = (brokerRequests("OffsetFetch") - before) / (double) BATCHES;
    uninterrupted = run.result();
    uninterruptedGroups = bytes(store, uninterrupted.artifact(ArtifactKinds.CONSUMER_GROUPS).key());
    uninterruptedStats = bytes(store, uninterrupted.artifact(ArtifactKinds.TOPIC_STATS).key());
    assertThat(parts(store)).isEmpty();
  }

  @BeforeEach
  void openStore() throws Exception {
    store = new LocalArtifactStore(dir);
    topics = writeTopics(store);
  }

  /** The topics artifact of the cluster, from the topics phase. */
  static ArtifactRef writeTopics(ArtifactStore store) throws Exception {
    return new TopicsCrawler(KafkaPhaseFixture.admin(), store, MAPPER)
        .crawl(context(), PhaseProgress.NONE, PhaseResume.FIRST)
        .artifact(ArtifactKinds.TOPICS);
  }

  static Function<ClusterMetadataActivities, PhaseResult> groups(ArtifactRef topics) {
    return a -> a.crawlConsumerGroups(context(), topics);
  }

  DyingProgress firstAttemptDyingAfter(int batches) {
    DyingProgress progress = new DyingProgress(Phases.CONSUMER_GROUPS, batches);
    ConsumerGroupsCrawler crawler =
        new ConsumerGroupsCrawler(KafkaPhaseFixture.admin(), store, MAPPER, EVERY_BATCH);
    assertThatThrownBy(() -> crawler.crawl(context(), topics, progress, new PhaseResume(1, null)))
        .isInstanceOf(AttemptDied.class);
    return progress;
  }

  void assertSameAsUninterrupted(PhaseResult result) throws IOException {
    assertThat(result).isEqualTo(uninterrupted);
    assertThat(bytes(store, result.artifact(ArtifactKinds.CONSUMER_GROUPS).key()))
        .isEqualTo(uninterruptedGroups);
    assertThat(bytes(store, result.artifact(ArtifactKinds.TOPIC_STATS).key()))
        .isEqualTo(uninterruptedStats);
  }

  @Test
  void givenAnUninterruptedRun_whenCrawled_thenEveryGroupWithItsCommittedOffsets() {
    assertThat(uninterrupted.counts())
        .containsEntry("consumerGroups", (long) GROUPS)
        .containsEntry("groupsWithoutMembers", (long) GROUPS);
    assertThat(uninterrupted.counts().get("committedOffsets")).isGreaterThan(GROUPS);
    assertThat(requestsPerBatch).isGreaterThanOrEqualTo(1);
  }

  @Test
  void givenAnAttemptThatDiedAfterTwoBatches_whenRetriedWithItsDetails_thenOnlyTheRestIsDescribed()
      throws Exception {
    ProgressDetails details = firstAttemptDyingAfter(DIES_AFTER).last();
    assertThat(details.checkpoint().batches()).isEqualTo(DIES_AFTER);
    assertThat(details.checkpoint().lastKey())
        .isEqualTo(KafkaPhaseFixture.group(DIES_AFTER * GROUPS_BATCH - 1));
    assertThat(parts(store)).hasSize(DIES_AFTER);

    long before = brokerRequests("OffsetFetch");
    Attempt retry = throughActivity(store, EVERY_BATCH, details, groups(topics));
    long requests = brokerRequests("OffsetFetch") - before;

    assertThat(requests).isEqualTo(Math.round(requestsPerBatch * (BATCHES - DIES_AFTER)));
    assertThat(retry.heartbeats().get(0).completedBatches()).isEqualTo(DIES_AFTER + 1);
    assertSameAsUninterrupted(retry.result());
    assertThat(parts(store)).isEmpty();
  }

  @Test
  void givenDetailsNamingAPartThatIsGone_whenRetried_thenThePhaseStartsOverAndEndsTheSame()
      throws Exception {
    ProgressDetails details = firstAttemptDyingAfter(DIES_AFTER).last();
    store.delete(details.checkpoint().parts().get(0));

    long before = brokerRequests("OffsetFetch");
    Attempt retry = throughActivity(store, EVERY_BATCH, details, groups(topics));
    long requests = brokerRequests("OffsetFetch") - before;

    assertThat(requests).isEqualTo(Math.round(requestsPerBatch * BATCHES));
    assertThat(retry.heartbeats().get(0).completedBatches()).isEqualTo(1);
    assertSameAsUninterrupted(retry.result());
  }
}
