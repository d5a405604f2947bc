package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.activities.PublishRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish at catalog scale against the Atlan contract server: a second crawl sends only what
 * changed, a full re-send happens when asked for or when the catalog may not hold the previous
 * crawl, stale assets are found and archived in bulk, several batches go at once in an order Atlan
 * accepts, and one 429 slows them all down once.
 */
class IncrementalPublishContractTest {
  static final String TOKEN = "incremental-token";
  static final String CONN = "default/confluent-kafka/1700000000";

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

  private CatalogPublishActivitiesImpl impl(int maxInFlight) {
    CatalogSinkConfig config =
        CatalogSinkConfig.atlan(atlan.baseUrl(), "env:T")
            .withConnectionQualifiedNames(Map.of("prod", CONN))
            .withMaxInFlight(maxInFlight);
    return new CatalogPublishActivitiesImpl(
        store,
        CatalogSinkFactory.fromConfig(
            config,
            new EnvFileSecretResolver(Map.of("T", TOKEN)),
            store,
            mapper,
            AtlanContractServerRetry.FAST),
        mapper,
        config);
  }

  /** {@code topics} topics, the first {@code changed} with another partition count. */
  private PublishRequest crawl(String run, int topics, int changed, int dropped) {
    CrawlFixture f = new CrawlFixture(store, mapper, "prod", run);
    for (int i = dropped; i < topics; i++) {
      f.topic(String.format("topic-%05d", i), i < changed ? 9 : 1 + i % 3);
    }
    return f.write();
  }

  private PhaseResult publish(PublishRequest request, int maxInFlight) {
    try (PublishHarness harness = new PublishHarness(impl(maxInFlight))) {
      return harness.publish(request);
    }
  }

  @Test
  void givenAnUnchangedCluster_whenCrawledAgain_thenNothingIsUpserted() {
    publish(crawl("run-1", 1000, 0, 0), 4);
    int postsAfterFirst = atlan.posts();

    PhaseResult second = publish(crawl("run-2", 1000, 0, 0), 4);

    assertThat(atlan.posts()).isEqualTo(postsAfterFirst);
    assertThat(second.counts())
        .containsEntry("unchanged", 1001L)
        .containsEntry("unchangedNotSent", 1001L)
        .containsEntry("batches", 0L);
    assertThat(atlan.refusals()).isEmpty();
  }

  @Test
  void givenOnePercentOfTopicsChanged_whenCrawledAgain_thenOnlyThoseAreUpserted() {
    publish(crawl("run-1", 1000, 0, 0), 4);
    Map<String, Integer> before = atlan.acceptedWrites();

    PhaseResult second = publish(crawl("run-2", 1000, 10, 0), 4);

    Map<String, Integer> after = atlan.acceptedWrites();
    List<String> resent =
        after.keySet().stream().filter(qn -> !after.get(qn).equals(before.get(qn))).toList();
    // The ten topics, and the cluster, whose partition count changed with them.
    assertThat(resent)
        .hasSize(11)
        .contains(CONN + "/cluster/cluster-abc")
        .filteredOn(qn -> !qn.contains("/cluster/"))
        .allMatch(qn -> qn.matches(".*/topic/topic-0000[0-9]"));
    assertThat(second.counts()).containsEntry("updated", 11L).containsEntry("batches", 1L);
    assertThat(atlan.refusals()).isEmpty();
  }

  @Test
  void givenAFullPublishAsked_whenCrawledAgain_thenEveryAssetIsSentAgain() {
    publish(crawl("run-1", 200, 0, 0), 4);

    PhaseResult second =
        publish(AtlanApiSinkContractTest.fullPublish(crawl("run-2", 200, 0, 0)), 4);

    assertThat(second.counts()).containsEntry("unchangedNotSent", 0L);
    assertThat(atlan.acceptedWrites().values()).allMatch(n -> n == 2);
  }

  @Test
  void givenThePreviousCrawlPublishedElsewhere_whenCrawledAgain_thenEveryAssetIsSent()
      throws Exception {
    publish(crawl("run-1", 200, 0, 0), 4);
    // As if the previous manifest had been published to another tenant.
    CatalogManifest.promote(
        store,
        CatalogManifest.manifestKey("prod"),
        "prod",
        new CatalogManifest.PublishedTo(CONN, "https://other-tenant.atlan.com"),
        mapper);

    PhaseResult second = publish(crawl("run-2", 200, 0, 0), 4);

    assertThat(second.counts()).containsEntry("unchangedNotSent", 0L);
    assertThat(atlan.acceptedWrites().values()).allMatch(n -> n == 2);
  }

  @Test
  void givenAThousandStaleAssets_whenArchived_thenTheyAreFoundAndDeletedInBulk() {
    publish(crawl("run-1", 1100, 0, 0), 4);
    int lookupsBefore = atlan.lookups();

    PhaseResult second = publish(crawl("run-2", 1100, 0, 1000), 4);

    assertThat(atlan.softDeleted()).hasSize(1000);
    assertThat(second.counts())
        .containsEntry("deleted", 1000L)
        .containsEntry("atlan.archived", 1000L);
    // Per 100 stale assets: one search and one DELETE (was: 100 lookups and two DELETEs).
    assertThat(atlan.searches()).isEqualTo(10);
    assertThat(atlan.deletes()).isEqualTo(10);
    assertThat(atlan.lookups() - lookupsBefore).isEqualTo(1); // the Connection's check
  }

  @Test
  void givenFourBatchesInFlight_whenPublishing_thenTheyOverlapAndAtlanAcceptsTheOrder() {
    atlan.serviceTime(Duration.ofMillis(50));

    PhaseResult result = publish(crawl("run-1", 1000, 0, 0), 4);

    assertThat(atlan.maxConcurrentPosts()).isBetween(2, 4);
    assertThat(atlan.refusals()).isEmpty();
    assertThat(atlan.acceptedWrites()).hasSize(1001);
    assertThat(atlan.acceptedWrites().values()).allMatch(n -> n == 1);
    assertThat(result.counts()).containsEntry("batches", 21L);
  }

  @Test
  void givenA429WithRetryAfterAmongBatchesInFlight_whenPublishing_thenEveryRequestPausesOnce() {
    atlan.serviceTime(Duration.ofMillis(20));
    atlan.failPost(6, 429, "1");

    publish(crawl("run-1", 1000, 0, 0), 4);

    List<Long> times = atlan.postTimes();
    long refusedAt = times.get(5);
    // No bulk request reached Atlan during the second it asked for, from any batch in flight (but
    // one a thread had already sent as the 429 was being answered: the first 50 ms).
    long during =
        times.stream()
            .filter(
                t ->
                    t > refusedAt + Duration.ofMillis(50).toNanos()
                        && t < refusedAt + Duration.ofMillis(900).toNanos())
            .count();
    assertThat(during).isZero();
    assertThat(atlan.acceptedWrites()).hasSize(1001);
    assertThat(atlan.acceptedWrites().values()).allMatch(n -> n == 1);
  }
}
