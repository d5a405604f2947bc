package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.PublishRequest;
import io.temporal.failure.ActivityFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing resumes at the batch the heartbeat details name, not from the start. */
class CatalogPublishResumeTest {
  static final String TOKEN = "resume-token";
  static final String CONN = "default/confluent-kafka/1700000000";
  static final int TOPICS = 1000; // + the cluster: 1,001 assets, 21 batches of 50

  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;
  LocalArtifactStore store;
  AtlanContractServer atlan;

  @BeforeEach
  void setUp() throws Exception {
    store = new LocalArtifactStore(dir);
    atlan = new AtlanContractServer(TOKEN);
    atlan.seed("Connection", CONN);
  }

  @AfterEach
  void tearDown() {
    atlan.close();
  }

  /** One batch at a time, so that batch and request numbers coincide. */
  CatalogPublishActivitiesImpl impl(int maxAttempts) {
    return impl(maxAttempts, 1);
  }

  CatalogPublishActivitiesImpl impl(int maxAttempts, int maxInFlight) {
    var retry =
        new AtlanApiSink.RetryPolicy(
            maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));
    return new CatalogPublishActivitiesImpl(
        store,
        CatalogSinkFactory.fromConfig(
            CatalogSinkConfig.atlan(atlan.baseUrl(), "env:T").withMaxInFlight(maxInFlight),
            new EnvFileSecretResolver(Map.of("T", TOKEN)),
            store,
            mapper,
            retry),
        mapper,
        CatalogSinkConfig.file().withConnectionQualifiedNames(Map.of("prod", CONN)));
  }

  /** Qualified names in emission order: the cluster, then the topics as the artifact lists them. */
  static List<String> emissionOrder() {
    List<String> qns = new ArrayList<>();
    qns.add(CONN + "/cluster/cluster-abc");
    for (int i = 0; i < TOPICS; i++) {
      qns.add(CONN + "/topic/" + String.format("topic-%05d", i));
    }
    return qns;
  }

  @Test
  void givenHeartbeatDetailsAtBatch7_whenPublishing_thenBatchesBefore7AreNotResent() {
    PublishRequest request =
        AtlanApiSinkContractTest.topics(new CrawlFixture(store, mapper, "prod", "run-1"), TOPICS);
    int k = 7;
    // What the crashed attempt had written before it died.
    List<String> order = emissionOrder();
    order
        .subList(0, k * 50)
        .forEach(qn -> atlan.seed(qn.contains("/cluster/") ? "KafkaCluster" : "KafkaTopic", qn));

    PhaseResult result;
    try (PublishHarness harness =
        new PublishHarness(impl(3))
            .resumingFrom(new ProgressDetails(Phases.PUBLISH, k * 50L, 0, k))) {
      result = harness.publish(request);
      assertThat(harness.heartbeats.get(0).completedBatches()).isEqualTo(k + 1);
      assertThat(harness.lastHeartbeat().completedBatches()).isEqualTo(21);
    }

    Map<String, Integer> writes = atlan.acceptedWrites();
    assertThat(writes).doesNotContainKeys(order.subList(0, k * 50).toArray(String[]::new));
    assertThat(writes).containsOnlyKeys(order.subList(k * 50, order.size()));
    assertThat(writes.values()).allMatch(n -> n == 1);
    assertThat(atlan.posts()).isEqualTo(21 - k);
    assertThat(result.counts()).containsEntry("batches", 21L).containsEntry("batchesSkipped", 7L);
  }

  @Test
  void givenAWorkerCrashAtBatch10_whenTheRetryResumesFromItsHeartbeat_thenEveryAssetIsSentOnce() {
    PublishRequest request =
        AtlanApiSinkContractTest.topics(new CrawlFixture(store, mapper, "prod", "run-1"), TOPICS);
    // The 10th batch never gets through on the first attempt: the attempt dies there.
    for (int post = 10; post < 13; post++) {
      atlan.failPost(post, 503, null);
    }

    ProgressDetails reached;
    try (PublishHarness first = new PublishHarness(impl(3))) {
      assertThatThrownBy(() -> first.publish(request)).isInstanceOf(ActivityFailure.class);
      reached = first.lastHeartbeat();
    }
    assertThat(reached.completedBatches()).isEqualTo(9);
    assertThat(atlan.acceptedWrites()).hasSize(9 * 50);

    try (PublishHarness retry = new PublishHarness(impl(3)).resumingFrom(reached)) {
      PhaseResult result = retry.publish(request);
      assertThat(result.counts())
          .containsEntry("batchesSkipped", 9L)
          .containsEntry("created", 1001L);
    }

    assertThat(atlan.acceptedWrites()).containsOnlyKeys(emissionOrder());
    assertThat(atlan.acceptedWrites().values()).allMatch(n -> n == 1);
  }

  @Test
  void givenFourBatchesInFlightAndACrash_whenTheRetryResumes_thenEveryAssetIsSentOnce() {
    PublishRequest request =
        AtlanApiSinkContractTest.topics(new CrawlFixture(store, mapper, "prod", "run-1"), TOPICS);
    // The batch holding topic 480 (the tenth) never gets through on the first attempt; batches
    // after it, in flight beside it, do.
    atlan.failPostsContaining(CONN + "/topic/topic-00480\"", 3, 503);

    ProgressDetails reached;
    try (PublishHarness first = new PublishHarness(impl(3, 4))) {
      assertThatThrownBy(() -> first.publish(request)).isInstanceOf(ActivityFailure.class);
      reached = first.lastHeartbeat();
    }
    assertThat(reached.completedBatches()).isEqualTo(9);
    assertThat(reached.completedAheadOrEmpty()).isNotEmpty().allMatch(b -> b > 9);

    try (PublishHarness retry = new PublishHarness(impl(3, 4)).resumingFrom(reached)) {
      PhaseResult result = retry.publish(request);
      assertThat(result.counts())
          .containsEntry("batchesSkipped", 9L + reached.completedAheadOrEmpty().size());
    }

    assertThat(atlan.acceptedWrites()).containsOnlyKeys(emissionOrder());
    assertThat(atlan.acceptedWrites().values()).allMatch(n -> n == 1);
    assertThat(atlan.refusals()).isEmpty();
  }
}
