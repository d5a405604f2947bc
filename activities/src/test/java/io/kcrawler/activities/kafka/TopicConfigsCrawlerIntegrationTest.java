package io.kcrawler.activities.kafka;

import static io.kcrawler.activities.kafka.KafkaPhaseFixture.CONFIGS_BATCH;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.EVERY_BATCH;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.MAPPER;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.TOPICS;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.UNINTERRUPTED;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.brokerRequests;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.bytes;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.context;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.parts;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.throughActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.kafka.KafkaPhaseFixture.Attempt;
import io.kcrawler.activities.kafka.KafkaPhaseFixture.AttemptDied;
import io.kcrawler.activities.kafka.KafkaPhaseFixture.DyingProgress;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic configs against a real broker: an attempt that dies after some batches leaves checkpointed
 * parts, and the retry, given the last heartbeat details, describes only the batches after them and
 * ends with the artifact and counts of an uninterrupted run.
 */
class TopicConfigsCrawlerIntegrationTest {
  /** Listed by the topics artifact but not in the cluster: its warning must survive a resume. */
  static final String DELETED = "a-deleted-topic";

  static final int BATCHES = (TOPICS + 1 + CONFIGS_BATCH - 1) / CONFIGS_BATCH;
  static final int DIES_AFTER = 3;

  static PhaseResult uninterrupted;
  static byte[] uninterruptedArtifact;

  /** DescribeConfigs requests of one batch (one per batch on a one-broker cluster). */
  static double requestsPerBatch;

  @TempDir Path dir;
  ArtifactStore store;
  ArtifactRef topics;

  @BeforeAll
  static void crawlUninterrupted(@TempDir Path dir) throws Exception {
    ArtifactStore store = new LocalArtifactStore(dir);
    ArtifactRef topics = writeTopics(store);
    long before = brokerRequests("DescribeConfigs");
    Attempt run = throughActivity(store, UNINTERRUPTED, null, configs(topics));
    requestsPerBatch = (brokerRequests("DescribeConfigs") - before) / (double) BATCHES;
    uninterrupted = run.result();
    uninterruptedArtifact = bytes(store, uninterrupted.artifact(ArtifactKinds.TOPIC_CONFIGS).key());
    assertThat(parts(store)).isEmpty();
    assertThat(run.heartbeats()).allMatch(h -> h.checkpoint() == null);
  }

  @BeforeEach
  void openStore() throws IOException {
    store = new LocalArtifactStore(dir);
    topics = writeTopics(store);
  }

  /** The topics artifact configs are read for: every seeded topic, after one that is gone. */
  static ArtifactRef writeTopics(ArtifactStore store) throws IOException {
    try (JsonLines.Writer<TopicMetadata> w =
        JsonLines.writer(store, context().artifactKey(ArtifactKinds.TOPICS), MAPPER)) {
      w.write(new TopicMetadata(DELETED, null, false, 1, 1, 0, 0, List.of()));
      for (int i = 0; i < TOPICS; i++) {
        w.write(new TopicMetadata(KafkaPhaseFixture.topic(i), null, false, 2, 1, 0, 0, List.of()));
      }
      return w.finish();
    }
  }

  static Function<ClusterMetadataActivities, PhaseResult> configs(ArtifactRef topics) {
    return a -> a.crawlTopicConfigs(context(), topics);
  }

  /** Runs a first attempt directly on the crawler until it dies; returns what it heartbeated. */
  DyingProgress firstAttemptDyingAfter(int batches) {
    DyingProgress progress = new DyingProgress(Phases.TOPIC_CONFIGS, batches);
    TopicConfigsCrawler crawler =
        new TopicConfigsCrawler(KafkaPhaseFixture.admin(), store, MAPPER, EVERY_BATCH);
    assertThatThrownBy(() -> crawler.crawl(context(), topics, progress, new PhaseResume(1, null)))
        .isInstanceOf(AttemptDied.class);
    return progress;
  }

  @Test
  void givenAnUninterruptedRun_whenCrawled_thenConfigsOfEveryTopicAndTheWarningOfTheGoneOne() {
    assertThat(uninterrupted.counts())
        .containsEntry("topicConfigs", (long) TOPICS)
        .containsKeys("configEntries", "nonDefaultConfigEntries");
    assertThat(uninterrupted.counts().get("nonDefaultConfigEntries")).isPositive();
    assertThat(uninterrupted.warnings())
        .containsExactly("topic " + DELETED + " was deleted before its configs were read");
    assertThat(requestsPerBatch).isGreaterThanOrEqualTo(1);
  }

  @Test
  void
      givenAnAttemptThatDiedAfterThreeBatches_whenRetriedWithItsDetails_thenOnlyTheRestIsDescribed()
          throws Exception {
    ProgressDetails details = firstAttemptDyingAfter(DIES_AFTER).last();
    assertThat(details.checkpoint().batches()).isEqualTo(DIES_AFTER);
    assertThat(details.checkpoint().parts()).hasSize(DIES_AFTER);
    assertThat(parts(store)).hasSize(DIES_AFTER);

    long before = brokerRequests("DescribeConfigs");
    Attempt retry = throughActivity(store, EVERY_BATCH, details, configs(topics));
    long requests = brokerRequests("DescribeConfigs") - before;

    assertThat(requests).isEqualTo(Math.round(requestsPerBatch * (BATCHES - DIES_AFTER)));
    assertThat(retry.heartbeats().get(0).completedBatches()).isEqualTo(DIES_AFTER + 1);
    assertThat(retry.result()).isEqualTo(uninterrupted);
    assertThat(bytes(store, retry.result().artifact(ArtifactKinds.TOPIC_CONFIGS).key()))
        .isEqualTo(uninterruptedArtifact);
    assertThat(parts(store)).isEmpty();
  }

  @Test
  void givenDetailsNamingAPartThatIsGone_whenRetried_thenThePhaseStartsOverAndEndsTheSame()
      throws Exception {
    ProgressDetails details = firstAttemptDyingAfter(DIES_AFTER).last();
    store.delete(details.checkpoint().parts().get(1));

    long before = brokerRequests("DescribeConfigs");
    Attempt retry = throughActivity(store, EVERY_BATCH, details, configs(topics));
    long requests = brokerRequests("DescribeConfigs") - before;

    assertThat(requests).isEqualTo(Math.round(requestsPerBatch * BATCHES));
    assertThat(retry.heartbeats().get(0).completedBatches()).isEqualTo(1);
    assertThat(retry.result()).isEqualTo(uninterrupted);
    assertThat(bytes(store, retry.result().artifact(ArtifactKinds.TOPIC_CONFIGS).key()))
        .isEqualTo(uninterruptedArtifact);
  }

  @Test
  void givenDetailsThatLagBehindTheLastPart_whenRetried_thenLaterBatchesAreRedoneAndPartsDeleted()
      throws Exception {
    DyingProgress first = firstAttemptDyingAfter(DIES_AFTER);
    // The SDK throttles heartbeats: the server may have recorded only the first checkpoint.
    ProgressDetails recorded = first.reported.get(0);
    assertThat(recorded.checkpoint().parts()).hasSize(1);
    assertThat(parts(store)).hasSize(DIES_AFTER);

    DyingProgress retry = new DyingProgress(Phases.TOPIC_CONFIGS, -1);
    PhaseResult result =
        new TopicConfigsCrawler(KafkaPhaseFixture.admin(), store, MAPPER, EVERY_BATCH)
            .crawl(context(), topics, retry, new PhaseResume(2, recorded.checkpoint()));

    assertThat(retry.reported.get(0).completedBatches()).isEqualTo(2);
    assertThat(retry.reported).hasSize(BATCHES - 1);
    assertThat(result).isEqualTo(uninterrupted);
    assertThat(bytes(store, result.artifact(ArtifactKinds.TOPIC_CONFIGS).key()))
        .isEqualTo(uninterruptedArtifact);
    assertThat(parts(store)).isEmpty();
  }
}
