package io.kcrawler.activities.kafka;

import static io.kcrawler.activities.kafka.KafkaPhaseFixture.EVERY_BATCH;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.MAPPER;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.TOPICS;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.TOPICS_BATCH;
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
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics against a real broker: an attempt that dies after some describeTopics batches leaves
 * checkpointed parts, and the retry, given the last heartbeat details, lists again, describes only
 * the topics after the last checkpointed one, and ends with the artifact and counts of an
 * uninterrupted run.
 */
class TopicsCrawlerIntegrationTest {
  static final int DIES_AFTER = 2;

  static PhaseResult uninterrupted;
  static byte[] uninterruptedArtifact;
  static int batches;

  /**
   * Metadata requests of the uninterrupted run: topics are described by id, which is a Metadata
   * request per batch, on top of a constant number per attempt (bootstrap, listTopics).
   */
  static long metadataRequests;

  @TempDir Path dir;
  ArtifactStore store;

  static final Function<ClusterMetadataActivities, PhaseResult> TOPICS_PHASE =
      a -> a.crawlTopics(context());

  @BeforeAll
  static void crawlUninterrupted(@TempDir Path dir) throws Exception {
    ArtifactStore store = new LocalArtifactStore(dir);
    KafkaPhaseFixture.cluster(); // started and seeded before counting (seeding asks for metadata)
    long before = brokerRequests("Metadata");
    Attempt run = throughActivity(store, UNINTERRUPTED, null, TOPICS_PHASE);
    uninterrupted = run.result();
    metadataRequests = brokerRequests("Metadata") - before;
    // Heartbeats through Temporal are throttled: the last two batches, written within the throttle
    // interval of each other (two are in flight), send one heartbeat or none before the activity
    // completes. The batch count comes from a direct run, whose progress sees every report.
    DyingProgress every = new DyingProgress(Phases.TOPICS, Integer.MAX_VALUE);
    new TopicsCrawler(
            KafkaPhaseFixture.admin(),
            new LocalArtifactStore(dir.resolve("direct")),
            MAPPER,
            UNINTERRUPTED)
        .crawl(context(), every, new PhaseResume(1, null));
    batches = every.reported.get(every.reported.size() - 1).completedBatches();
    uninterruptedArtifact = bytes(store, uninterrupted.artifact(ArtifactKinds.TOPICS).key());
    assertThat(parts(store)).isEmpty();
  }

  @BeforeEach
  void openStore() {
    store = new LocalArtifactStore(dir);
  }

  DyingProgress firstAttemptDyingAfter(int batches) {
    DyingProgress progress = new DyingProgress(Phases.TOPICS, batches);
    TopicsCrawler crawler =
        new TopicsCrawler(KafkaPhaseFixture.admin(), store, MAPPER, EVERY_BATCH);
    assertThatThrownBy(() -> crawler.crawl(context(), progress, new PhaseResume(1, null)))
        .isInstanceOf(AttemptDied.class);
    return progress;
  }

  @Test
  void givenAnUninterruptedRun_whenCrawled_thenEverySeededTopicInSeveralBatches() {
    long described = uninterrupted.counts().get("topics");
    assertThat(described).isGreaterThanOrEqualTo(TOPICS);
    assertThat(batches).isEqualTo((int) ((described + TOPICS_BATCH - 1) / TOPICS_BATCH));
    assertThat(batches).isGreaterThan(DIES_AFTER + 1);
    assertThat(metadataRequests).isGreaterThan(batches);
  }

  @Test
  void givenAnAttemptThatDiedAfterTwoBatches_whenRetriedWithItsDetails_thenOnlyTheRestIsDescribed()
      throws Exception {
    ProgressDetails details = firstAttemptDyingAfter(DIES_AFTER).last();
    assertThat(details.checkpoint().batches()).isEqualTo(DIES_AFTER);
    assertThat(parts(store)).hasSize(DIES_AFTER);

    long before = brokerRequests("Metadata");
    Attempt retry = throughActivity(store, EVERY_BATCH, details, TOPICS_PHASE);
    long requests = brokerRequests("Metadata") - before;

    // One describe request per batch: the retry skipped exactly the checkpointed ones.
    assertThat(metadataRequests - requests).isEqualTo(DIES_AFTER);
    assertThat(retry.heartbeats().get(0).completedBatches()).isEqualTo(DIES_AFTER + 1);
    assertThat(retry.result()).isEqualTo(uninterrupted);
    assertThat(bytes(store, retry.result().artifact(ArtifactKinds.TOPICS).key()))
        .isEqualTo(uninterruptedArtifact);
    assertThat(parts(store)).isEmpty();
  }

  @Test
  void givenDetailsNamingAPartThatIsGone_whenRetried_thenThePhaseStartsOverAndEndsTheSame()
      throws Exception {
    ProgressDetails details = firstAttemptDyingAfter(DIES_AFTER).last();
    store.delete(details.checkpoint().parts().get(1));

    long before = brokerRequests("Metadata");
    Attempt retry = throughActivity(store, EVERY_BATCH, details, TOPICS_PHASE);
    long requests = brokerRequests("Metadata") - before;

    assertThat(requests).isEqualTo(metadataRequests);
    assertThat(retry.result()).isEqualTo(uninterrupted);
    assertThat(bytes(store, retry.result().artifact(ArtifactKinds.TOPICS).key()))
        .isEqualTo(uninterruptedArtifact);
  }

  @Test
  void givenATopicReCreatedBetweenListingAndDescribing_whenCrawled_thenReportedNotDescribedAsNew()
      throws Exception {
    String name = "zz.re-created-topic";
    Admin admin = KafkaPhaseFixture.admin();
    KafkaPhaseFixture.cluster().createTopics(List.of(new NewTopic(name, 1, (short) 1)), WAIT);
    try {
      TopicsCrawler crawler =
          new TopicsCrawler(admin, store, MAPPER, UNINTERRUPTED)
              .afterListing(() -> reCreate(admin, name));

      PhaseResult result = crawler.crawl(context(), PhaseProgress.NONE, new PhaseResume(1, null));

      assertThat(result.warnings())
          .contains(
              "topic " + name + " was deleted (or re-created) between listing and describing");
      assertThat(result.counts()).containsEntry("topicsVanished", 1L);
      assertThat(new String(bytes(store, result.artifact(ArtifactKinds.TOPICS).key())))
          .doesNotContain(name);
    } finally {
      admin.deleteTopics(List.of(name)).all().get();
      awaitGone(admin, name);
    }
  }

  static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

  /** Deletes {@code name} and creates it again: same name, new topic id. */
  private static void reCreate(Admin admin, String name) {
    try {
      admin.deleteTopics(List.of(name)).all().get();
      awaitGone(admin, name);
      KafkaPhaseFixture.cluster().createTopics(List.of(new NewTopic(name, 1, (short) 1)), WAIT);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitGone(Admin admin, String name) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (admin.listTopics().names().get().contains(name)) {
      assertThat(System.nanoTime()).as(name + " still listed").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
