package io.kcrawler.activities.catalog;

import static io.kcrawler.activities.catalog.CrawlFixture.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.TopicActivity;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two crawls of a cluster changed in between: the diff says exactly what changed. */
class CatalogChangeDiffTest {
  static final String CONN = "default/confluent-kafka/1700000000";
  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;
  LocalArtifactStore store;

  @BeforeEach
  void setUp() {
    store = new LocalArtifactStore(dir);
  }

  /** Crawl 1: orders, payments, legacy; billing reads orders+payments, old-group reads legacy. */
  PublishRequest firstCrawl() {
    return new CrawlFixture(store, mapper, "prod", "run-1")
        .topic("orders", 3)
        .config("orders", "retention.ms", "100")
        .topic("payments", 1)
        .topic("legacy", 1)
        .group("billing", "Stable", 1, offset("orders", 0, 10, 20L), offset("payments", 0, 5, 5L))
        .group("old-group", "Stable", 1, offset("legacy", 0, 7, 7L))
        .write();
  }

  /** Crawl 2: shipments added, legacy deleted, orders' retention.ms changed, old-group gone. */
  PublishRequest secondCrawl() {
    return new CrawlFixture(store, mapper, "prod", "run-2")
        .topic("orders", 3)
        .config("orders", "retention.ms", "200")
        .topic("payments", 1)
        .topic("shipments", 1)
        .group("billing", "Stable", 1, offset("orders", 0, 15, 20L), offset("payments", 0, 5, 5L))
        .write();
  }

  CatalogPublishActivitiesImpl fileImpl() {
    return new CatalogPublishActivitiesImpl(
        store,
        (request, keepAlive) -> CatalogSinkFactory.fileSink(request, store, mapper),
        mapper,
        CatalogSinkConfig.file().withConnectionQualifiedNames(Map.of("prod", CONN)));
  }

  ChangeReport report(PhaseResult result) throws Exception {
    try (InputStream in =
        store.openRead(result.artifact(CatalogPublisher.CHANGE_REPORT_JSON).key())) {
      return mapper.readValue(in, ChangeReport.class);
    }
  }

  @Test
  void givenTwoCrawls_whenTheClusterChanged_thenTheDiffHasExactlyThoseChangesAndSoftDeletes()
      throws Exception {
    PhaseResult second;
    try (PublishHarness harness = new PublishHarness(fileImpl())) {
      PhaseResult first = harness.publish(firstCrawl());
      assertThat(first.counts()).containsEntry("created", 6L).containsEntry("deleted", 0L);
      assertThat(report(first).firstCrawl()).isTrue();
      second = harness.publish(secondCrawl());
    }

    // orders (config) and billing (offsets) changed; cluster and payments did not.
    assertThat(second.counts())
        .containsEntry("created", 1L)
        .containsEntry("updated", 2L)
        .containsEntry("unchanged", 2L)
        .containsEntry("deleted", 2L);
    ChangeReport r = report(second);
    assertThat(r.firstCrawl()).isFalse();
    assertThat(r.newTopics().items()).containsExactly("shipments");
    assertThat(r.deletedTopics().items()).containsExactly("legacy");
    assertThat(r.configDrift().items())
        .containsExactly(new ChangeReport.ConfigDrift("orders", "retention.ms", "100", "200"));
    assertThat(r.partitionChanges().items()).isEmpty();
    assertThat(r.groupsVanished().items()).containsExactly("old-group");
    assertThat(r.groupsAppeared().items()).isEmpty();
    assertThat(r.idleGroups().items()).isEmpty();
    assertThat(r.orphanGroups().items()).isEmpty();
    assertThat(r.newSchemaVersions().items()).isEmpty();
    assertThat(r.byType().get("KafkaTopic"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("created", 1L, "updated", 1L, "unchanged", 1L, "deleted", 1L));

    String md =
        new String(
            store
                .openRead(second.artifact(CatalogPublisher.CHANGE_REPORT_MD).key())
                .readAllBytes());
    assertThat(md)
        .contains("## New topics (1)\n\n- shipments")
        .contains("## Deleted topics (archived) (1)\n\n- legacy")
        .contains("- orders: retention.ms: 100 → 200")
        .contains("## Consumer groups that vanished (archived) (1)\n\n- old-group");

    // The file sink's deletions are exactly the two soft deletes.
    List<Map<String, String>> deletions = new ArrayList<>();
    JsonLines.forEach(
        store,
        "connections/prod/runs/run-2/catalog/" + FileCatalogSink.DELETIONS,
        Map.class,
        mapper,
        d -> deletions.add(d));
    assertThat(deletions)
        .containsExactlyInAnyOrder(
            Map.of(
                "typeName",
                "KafkaTopic",
                "qualifiedName",
                CONN + "/topic/legacy",
                "deleteType",
                "SOFT"),
            Map.of(
                "typeName",
                "KafkaConsumerGroup",
                "qualifiedName",
                CONN + "/consumer-group/old-group",
                "deleteType",
                "SOFT"));
  }

  @Test
  void givenMetricsApiActivity_whenPublished_thenTheChangeReportListsTheIdleTopics()
      throws Exception {
    String window = "2026-11-19T10:00:00Z/2026-11-20T10:00:00Z";
    PhaseResult result;
    try (PublishHarness harness = new PublishHarness(fileImpl())) {
      harness.publish(firstCrawl());
      result =
          harness.publish(
              new CrawlFixture(store, mapper, "prod", "run-2")
                  .topic("orders", 3)
                  .config("orders", "retention.ms", "100")
                  .stats("orders", 10, 100L, new TopicActivity(window, 5L, 1L, 0L))
                  .topic("payments", 1)
                  .stats("payments", 0, 0L, new TopicActivity(window, 0L, 0L, 0L))
                  .topic("legacy", 1)
                  .stats("legacy", 0, 9L, new TopicActivity(window, 0L, 0L, 0L))
                  .write());
    }

    ChangeReport r = report(result);
    assertThat(r.idleTopics().items()).containsExactlyInAnyOrder("payments", "legacy");
    String md =
        new String(
            store
                .openRead(result.artifact(CatalogPublisher.CHANGE_REPORT_MD).key())
                .readAllBytes());
    assertThat(md)
        .contains("## Topics idle in the 24 hours before the crawl (nothing written or read) (2)");
    // Without the Metrics API nothing can be told: the first crawl lists none.
    assertThat(report(harnessless()).idleTopics().items()).isEmpty();
  }

  /** A crawl without activity, published on its own. */
  private PhaseResult harnessless() throws Exception {
    try (PublishHarness harness = new PublishHarness(fileImpl())) {
      return harness.publish(firstCrawlAs("run-9"));
    }
  }

  @Test
  void givenTwoCrawlsPublishedToAtlan_whenAssetsVanished_thenExactlyThoseAreSoftDeleted()
      throws Exception {
    try (AtlanContractServer atlan = seeded(new AtlanContractServer("t"));
        PublishHarness harness =
            new PublishHarness(
                new CatalogPublishActivitiesImpl(
                    store,
                    CatalogSinkFactory.fromConfig(
                        CatalogSinkConfig.atlan(atlan.baseUrl(), "env:T"),
                        new EnvFileSecretResolver(Map.of("T", "t")),
                        store,
                        mapper,
                        AtlanContractServerRetry.FAST),
                    mapper,
                    CatalogSinkConfig.file().withConnectionQualifiedNames(Map.of("prod", CONN))))) {
      harness.publish(firstCrawl());
      PhaseResult second = harness.publish(secondCrawl());

      assertThat(atlan.softDeleted())
          .containsExactlyInAnyOrder(CONN + "/topic/legacy", CONN + "/consumer-group/old-group");
      assertThat(atlan.refusals()).isEmpty();
      assertThat(atlan.dropped()).isEmpty();
      assertThat(atlan.asset(CONN + "/topic/legacy").status).isEqualTo("DELETED");
      assertThat(atlan.asset(CONN + "/topic/shipments").status).isEqualTo("ACTIVE");
      assertThat(second.counts()).containsEntry("atlan.archived", 2L).containsEntry("deleted", 2L);
      assertThat(atlan.badRequest()).isNull();
    }
  }

  @Test
  void givenAPhaseWithoutArtifacts_whenPublishing_thenItsAssetsAreKeptNotArchived()
      throws Exception {
    try (PublishHarness harness = new PublishHarness(fileImpl())) {
      harness.publish(firstCrawl());
      PublishRequest withoutGroups =
          new CrawlFixture(store, mapper, "prod", "run-2")
              .topic("orders", 3)
              .config("orders", "retention.ms", "100")
              .topic("payments", 1)
              .topic("legacy", 1)
              .without(ArtifactKinds.CONSUMER_GROUPS)
              .write();

      PhaseResult second = harness.publish(withoutGroups);

      assertThat(second.counts()).containsEntry("deleted", 0L);
      ChangeReport r = report(second);
      assertThat(r.groupsVanished().items()).isEmpty();
      assertThat(r.notCrawled()).containsExactly("KafkaConsumerGroup");
      // Carried over: a later crawl that sees the groups again finds them unchanged or updated.
      PhaseResult third = harness.publish(firstCrawlAs("run-3"));
      assertThat(report(third).groupsAppeared().items()).isEmpty();
    }
  }

  PublishRequest firstCrawlAs(String run) {
    return new CrawlFixture(store, mapper, "prod", run)
        .topic("orders", 3)
        .config("orders", "retention.ms", "100")
        .topic("payments", 1)
        .topic("legacy", 1)
        .group("billing", "Stable", 1, offset("orders", 0, 10, 20L), offset("payments", 0, 5, 5L))
        .group("old-group", "Stable", 1, offset("legacy", 0, 7, 7L))
        .write();
  }

  @Test
  void givenPartitionsSchemasAndStuckGroups_whenRecrawled_thenReportShowsThem() throws Exception {
    SchemaSubjectMetadata v1 =
        new SchemaSubjectMetadata(
            "orders-value",
            List.of("orders"),
            "VALUE",
            null,
            "BACKWARD",
            false,
            List.of(
                new SchemaVersionMetadata(1, 1, "AVRO", "{}", List.of(), false, List.of(), null)));
    SchemaSubjectMetadata v2 =
        new SchemaSubjectMetadata(
            "orders-value",
            List.of("orders"),
            "VALUE",
            null,
            "FULL",
            false,
            List.of(
                new SchemaVersionMetadata(1, 1, "AVRO", "{}", List.of(), false, List.of(), null),
                new SchemaVersionMetadata(2, 2, "AVRO", "{}", List.of(), false, List.of(), null)));
    try (PublishHarness harness = new PublishHarness(fileImpl())) {
      harness.publish(
          new CrawlFixture(store, mapper, "prod", "run-1")
              .registry("http://sr")
              .topic("orders", 3)
              .subject(v1)
              .group("stuck", "Stable", 1, offset("orders", 0, 3, 9L))
              .write());
      PhaseResult second =
          harness.publish(
              new CrawlFixture(store, mapper, "prod", "run-2")
                  .registry("http://sr")
                  .topic("orders", 6)
                  .subject(v2)
                  .group("stuck", "Stable", 1, offset("orders", 0, 3, 12L))
                  .group("orphan", "Empty", 0, offset("gone", 0, 42, null))
                  .write());

      ChangeReport r = report(second);
      assertThat(r.partitionChanges().items())
          .containsExactly(new ChangeReport.PartitionChange("orders", 3, 6));
      assertThat(r.newSchemaVersions().items())
          .containsExactly(new ChangeReport.SchemaVersions("orders-value", List.of(2)));
      assertThat(r.compatibilityChanges().items())
          .containsExactly(
              new ChangeReport.CompatibilityChange("orders-value", "BACKWARD", "FULL"));
      assertThat(r.idleGroups().items()).containsExactly("stuck");
      assertThat(r.groupsAppeared().items()).containsExactly("orphan");
      assertThat(r.orphanGroups().items())
          .containsExactly(new ChangeReport.OrphanGroup("orphan", List.of("gone")));
    }
  }

  /** A tenant where the pinned connection exists. */
  private static AtlanContractServer seeded(AtlanContractServer atlan) {
    atlan.seed("Connection", CONN);
    return atlan;
  }
}
