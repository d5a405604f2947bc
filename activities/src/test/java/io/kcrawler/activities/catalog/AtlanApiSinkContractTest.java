package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.activities.PublishRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The Atlan sink against a local server that plays Atlan's bulk entity API. */
class AtlanApiSinkContractTest {
  static final String TOKEN = "atlan-token-s3cr3t-value";
  static final String CONN = "default/confluent-kafka/1700000000";
  static final AtlanApiSink.RetryPolicy FAST_RETRY =
      new AtlanApiSink.RetryPolicy(
          12, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2));

  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;
  LocalArtifactStore store;
  AtlanContractServer atlan;
  ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void setUp() throws Exception {
    store = new LocalArtifactStore(dir);
    atlan = new AtlanContractServer(TOKEN);
    atlan.seed("Connection", CONN);
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    atlan.close();
  }

  CatalogPublishActivitiesImpl impl(String token) {
    CatalogSinkConfig config =
        CatalogSinkConfig.atlan(atlan.baseUrl(), "env:ATLAN_TOKEN")
            .withConnectionQualifiedNames(Map.of("prod", CONN));
    return new CatalogPublishActivitiesImpl(
        store,
        CatalogSinkFactory.fromConfig(
            config,
            new EnvFileSecretResolver(Map.of("ATLAN_TOKEN", token)),
            store,
            mapper,
            FAST_RETRY),
        mapper,
        config);
  }

  static PublishRequest topics(CrawlFixture crawl, int n) {
    for (int i = 0; i < n; i++) {
      crawl.topic(String.format("topic-%05d", i), 1 + i % 3);
    }
    return crawl.write();
  }

  @Test
  void
      givenA429StormAndA500MidPublish_whenPublishing5001Assets_thenEveryAssetIsAcceptedExactlyOnce()
          throws Exception {
    PublishRequest request = topics(new CrawlFixture(store, mapper, "prod", "run-1"), 5000);
    // A storm of ten 429s on one batch (one asks for a 1 s pause), then 500 and 503 further on.
    for (int post = 5; post <= 14; post++) {
      atlan.failPost(post, 429, post == 9 ? "1" : "0");
    }
    atlan.failPost(40, 500, null);
    atlan.failPost(41, 503, null);

    PhaseResult result;
    try (PublishHarness harness = new PublishHarness(impl(TOKEN))) {
      result = harness.publish(request);
    }

    Map<String, Integer> writes = atlan.acceptedWrites();
    assertThat(writes).hasSize(5001);
    assertThat(writes.values()).allMatch(n -> n == 1);
    assertThat(writes).containsKeys(CONN + "/cluster/cluster-abc", CONN + "/topic/topic-04999");
    assertThat(atlan.badRequest()).isNull();
    assertThat(atlan.rejected()).isEqualTo(12);
    assertThat(atlan.posts()).isEqualTo(101 + 12);
    assertThat(result.counts())
        .containsEntry("assets", 5001L)
        .containsEntry("assets.KafkaTopic", 5000L)
        .containsEntry("created", 5001L)
        .containsEntry("deleted", 0L)
        .containsEntry("batches", 101L)
        .containsEntry("atlan.created", 5001L)
        .containsEntry("atlan.retries", 12L);
    // Retry-After: 1 on the ninth bulk POST was honoured by every batch in flight: none reached
    // Atlan in that second (but one already on its way as the 429 was answered: 50 ms).
    List<Long> times = atlan.postTimes();
    long askedAt = times.get(8);
    assertThat(times)
        .noneMatch(
            t ->
                t > askedAt + Duration.ofMillis(50).toNanos()
                    && t < askedAt + Duration.ofMillis(900).toNanos());
    assertTokenNowhere();
  }

  @Test
  void givenConnectionResetsBeforeAndAfterABatchIsApplied_whenPublishing_thenEachAssetIsStoredOnce()
      throws Exception {
    PublishRequest request = topics(new CrawlFixture(store, mapper, "prod", "run-1"), 1000);
    atlan.resetPost(3, false);
    atlan.resetPost(10, true);

    PhaseResult result;
    try (PublishHarness harness = new PublishHarness(impl(TOKEN))) {
      result = harness.publish(request);
    }

    Map<String, Integer> writes = atlan.acceptedWrites();
    assertThat(writes).hasSize(1001);
    assertThat(atlan.storedCount()).isEqualTo(1001 + 1); // and the Connection, seeded
    // The batch whose answer was lost after it was applied is sent again: updated, not duplicated.
    assertThat(writes.values().stream().filter(n -> n == 2).count())
        .isEqualTo(BatchPipeline.UPSERT_BATCH_SIZE);
    assertThat(writes.values()).allMatch(n -> n <= 2);
    assertThat(result.counts()).containsEntry("assets", 1001L).containsEntry("atlan.retries", 2L);
  }

  @Test
  void givenARetriedPublish_whenSentAgain_thenAssetsAreUpdatedNotDuplicated() throws Exception {
    PublishRequest request = topics(new CrawlFixture(store, mapper, "prod", "run-1"), 120);

    try (PublishHarness harness = new PublishHarness(impl(TOKEN))) {
      harness.publish(request);
      // Sent again whole (as a retry after the manifest was lost, or on request).
      PhaseResult again = harness.publish(fullPublish(request));
      assertThat(again.counts())
          .containsEntry("unchanged", 121L)
          .containsEntry("atlan.created", 0L)
          .containsEntry("atlan.updated", 121L);
    }

    assertThat(atlan.acceptedWrites())
        .hasSize(121)
        .allSatisfy((qn, n) -> assertThat(n).isEqualTo(2));
  }

  @Test
  void givenAWrongToken_whenPublishing_thenAuthFailedWithoutTheTokenInTheMessage()
      throws Exception {
    PublishRequest request = topics(new CrawlFixture(store, mapper, "prod", "run-1"), 3);

    try (PublishHarness harness = new PublishHarness(impl("wrong-" + TOKEN))) {
      assertThatThrownBy(() -> harness.publish(request))
          .isInstanceOf(ActivityFailure.class)
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(FailureType.AUTH_FAILED.name());
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage()).doesNotContain(TOKEN);
              });
    }
    assertThat(atlan.acceptedWrites()).isEmpty();
    assertTokenNowhere();
  }

  @Test
  void givenAnOutageLongerThanTheRetries_whenPublishing_thenCatalogUnavailableIsRetryable()
      throws Exception {
    PublishRequest request = topics(new CrawlFixture(store, mapper, "prod", "run-1"), 3);
    // Every request fails for longer than one request's retries (the typedef reads go side by
    // side, so the outage must outlast all of them).
    atlan.failNext(FAST_RETRY.maxAttempts() * 20, 502, null);

    try (PublishHarness harness = new PublishHarness(impl(TOKEN))) {
      assertThatThrownBy(() -> harness.publish(request))
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(FailureType.CATALOG_UNAVAILABLE.name());
                assertThat(f.isNonRetryable()).isFalse();
              });
    }
  }

  @Test
  void givenRetries_whenTheSinkWaits_thenItKeepsTheActivityAlive() throws Exception {
    java.util.concurrent.atomic.AtomicInteger keepAlives =
        new java.util.concurrent.atomic.AtomicInteger();
    atlan.failNext(3, 429, "0");
    AtlanApiSink sink =
        new AtlanApiSink(atlan.baseUrl(), TOKEN, FAST_RETRY, mapper, keepAlives::incrementAndGet);

    sink.upsert(List.of(AtlanEntity.builder("KafkaTopic", CONN + "/topic/a", "a", CONN).build()));

    // One per wait: these are 0 s long; a longer one heartbeats every second of it.
    assertThat(keepAlives.get()).isEqualTo(3);
    assertThat(sink.counts()).containsEntry("atlan.created", 1L).containsEntry("atlan.retries", 3L);
    assertThat(sink.toString()).doesNotContain(TOKEN);
  }

  private void assertTokenNowhere() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(p)).as("artifact %s", p).doesNotContain(TOKEN);
      }
    }
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(TOKEN));
  }

  /** The same publish with {@code fullPublish} asked for. */
  static PublishRequest fullPublish(PublishRequest r) {
    return new PublishRequest(
        new io.kcrawler.model.CrawlContext(
            r.context().workflowId(),
            r.context().runId(),
            r.context().request().withFullPublish(true),
            r.context().artifactPrefix()),
        r.cluster(),
        r.artifacts(),
        r.phases());
  }
}
