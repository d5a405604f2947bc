package io.kcrawler.activities.catalog;

import static io.kcrawler.activities.catalog.CrawlFixture.allow;
import static io.kcrawler.activities.catalog.CrawlFixture.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ChangeReportConfig;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.AclMetadata;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each risk rule over two (or more) crawls of hand-written, real-shaped artifacts: it fires on the
 * change it is named for, once, on the right subject, and not on a condition that was already
 * there.
 */
class RiskAnalyzerTest {
  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;
  LocalArtifactStore store;
  int runs;

  @BeforeEach
  void setUp() {
    store = new LocalArtifactStore(dir);
  }

  CrawlFixture crawl() {
    return new CrawlFixture(store, mapper, "prod", "run-" + (++runs));
  }

  RiskReport analyze(CrawlFixture fixture) throws Exception {
    PublishRequest request = fixture.write();
    String key = request.context().artifactKey(RiskState.RUN_FILE);
    RiskAnalyzer.Result result =
        new RiskAnalyzer(store, mapper, request.context().request().changeReportOrDefault())
            .analyze(request, key);
    RiskState.promote(store, key, "prod");
    return result.report();
  }

  /** Crawls {@code before} then {@code after} (both from one template) and returns the second. */
  RiskReport twoCrawls(UnaryOperator<CrawlFixture> before, UnaryOperator<CrawlFixture> after)
      throws Exception {
    RiskReport first = analyze(before.apply(crawl()));
    assertThat(first.baseline()).isTrue();
    assertThat(first.total()).isZero();
    return analyze(after.apply(crawl()));
  }

  static List<String> fired(RiskReport r) {
    List<String> out = new ArrayList<>();
    r.findings().values().forEach(l -> l.forEach(f -> out.add(f.rule() + " " + f.subject())));
    return out;
  }

  static RiskFinding only(RiskReport r) {
    List<RiskFinding> all = new ArrayList<>();
    r.findings().values().forEach(all::addAll);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void givenAnUnchangedCluster_whenCrawledThreeTimes_thenNothingIsReported() throws Exception {
    UnaryOperator<CrawlFixture> cluster =
        c ->
            c.topic("orders", 3, 1, 0, 0)
                .config("orders", "min.insync.replicas", "1")
                .config("orders", "retention.ms", "604800000")
                .group("billing", "Stable", 1, offset("orders", 0, 20, 20L))
                .acls(allow("User:app", "WRITE", "LITERAL", "orders"))
                .registry("http://registry")
                .subject(subject("orders-value", "BACKWARD", version(1, field("id", "long"))));
    assertThat(analyze(cluster.apply(crawl())).baseline()).isTrue();
    for (int i = 0; i < 2; i++) {
      RiskReport r = analyze(cluster.apply(crawl()));
      assertThat(r.baseline()).isFalse();
      assertThat(fired(r)).isEmpty();
      assertThat(r.counts()).containsEntry("high", 0L).containsEntry("medium", 0L);
      assertThat(r.notChecked()).isEmpty();
    }
  }

  @Test
  void givenRetentionLowered_thenRetentionLoweredFires_andRaisedDoesNot() throws Exception {
    RiskReport r =
        twoCrawls(
            c ->
                c.topic("orders", 1)
                    .config("orders", "retention.ms", "604800000")
                    .topic("audit", 1)
                    .config("audit", "retention.bytes", "-1")
                    .topic("logs", 1)
                    .config("logs", "retention.ms", "3600000"),
            c ->
                c.topic("orders", 1)
                    .config("orders", "retention.ms", "3600000")
                    .topic("audit", 1)
                    .config("audit", "retention.bytes", "1073741824")
                    .topic("logs", 1)
                    .config("logs", "retention.ms", "-1"));

    assertThat(fired(r)).containsExactly("retention-lowered audit", "retention-lowered orders");
    RiskFinding orders = r.findings().get(RiskLevel.HIGH).get(1);
    assertThat(orders.sentence())
        .isEqualTo(
            "Topic orders now keeps records for 1 h instead of 7 d: consumers that lag or replay"
                + " lose data sooner.");
    assertThat(orders.before()).isEqualTo("retention.ms=604800000");
    assertThat(orders.after()).isEqualTo("retention.ms=3600000");
    assertThat(r.findings().get(RiskLevel.HIGH).get(0).sentence())
        .contains("at most 1 GiB per partition instead of no size limit");
  }

  @Test
  void givenCleanupPolicySwitched_thenCleanupPolicyChangedFires() throws Exception {
    RiskReport r =
        twoCrawls(
            c -> c.topic("users", 1).config("users", "cleanup.policy", "delete"),
            c -> c.topic("users", 1).config("users", "cleanup.policy", "compact"));

    RiskFinding f = only(r);
    assertThat(f.rule()).isEqualTo("cleanup-policy-changed");
    assertThat(f.risk()).isEqualTo(RiskLevel.HIGH);
    assertThat(f.sentence()).startsWith("Topic users is now compacted (delete → compact)");
  }

  @Test
  void givenPartitionsAdded_thenPartitionCountChangedFires() throws Exception {
    RiskReport r = twoCrawls(c -> c.topic("orders", 2), c -> c.topic("orders", 4));

    RiskFinding f = only(r);
    assertThat(f.rule()).isEqualTo("partition-count-changed");
    assertThat(f.risk()).isEqualTo(RiskLevel.MEDIUM);
    assertThat(f.before()).isEqualTo("2 partitions");
    assertThat(f.after()).isEqualTo("4 partitions");
  }

  @Test
  void givenMinIsrRaisedToTheReplicationFactor_thenReplicationBelowMinIsrFires_notWhenItWasAlready()
      throws Exception {
    RiskReport r =
        twoCrawls(
            c ->
                c.topic("orders", 1, 3, 0, 0)
                    .config("orders", "min.insync.replicas", "2")
                    .topic("dev", 1, 1, 0, 0)
                    .config("dev", "min.insync.replicas", "1"),
            c ->
                c.topic("orders", 1, 3, 0, 0)
                    .config("orders", "min.insync.replicas", "3")
                    .topic("dev", 1, 1, 0, 0)
                    .config("dev", "min.insync.replicas", "1"));

    RiskFinding f = only(r);
    assertThat(f.rule()).isEqualTo("replication-below-min-isr");
    assertThat(f.subject()).isEqualTo("orders");
    assertThat(f.sentence()).endsWith("one broker down stops producers with acks=all.");
    assertThat(f.before()).isEqualTo("replication.factor=3, min.insync.replicas=2");
  }

  @Test
  void givenPartitionsBecameUnderReplicatedAndOffline_thenBothFireOnce() throws Exception {
    RiskReport r =
        twoCrawls(
            c -> c.topic("orders", 6, 3, 0, 0).topic("payments", 3, 3, 1, 0),
            c -> c.topic("orders", 6, 3, 2, 1).topic("payments", 3, 3, 2, 0));

    // payments was already under-replicated: no transition, no finding.
    assertThat(fired(r))
        .containsExactly("partitions-offline orders", "partitions-under-replicated orders");
    assertThat(r.findings().get(RiskLevel.HIGH).get(0).sentence())
        .isEqualTo("1 of 6 partitions of orders have no leader: nobody can read or write them.");
  }

  @Test
  void givenCompatibilityChanges_thenOnlyRelaxationsFire() throws Exception {
    RiskReport r =
        twoCrawls(
            c ->
                c.registry("http://registry")
                    .subject(subject("a", "FULL_TRANSITIVE", version(1, field("id", "long"))))
                    .subject(subject("b", "BACKWARD", version(1, field("id", "long"))))
                    .subject(subject("c", "FORWARD", version(1, field("id", "long")))),
            c ->
                c.registry("http://registry")
                    .subject(subject("a", "FULL", version(1, field("id", "long"))))
                    .subject(subject("b", "FULL", version(1, field("id", "long"))))
                    .subject(subject("c", "NONE", version(1, field("id", "long")))));

    assertThat(fired(r)).containsExactly("compatibility-relaxed a", "compatibility-relaxed c");
  }

  @Test
  void givenNewVersionsRemovingAndRetypingFields_thenEachRuleFiresOnItsVersion() throws Exception {
    SchemaVersionMetadata v1 =
        version(1, field("id", "long"), field("name", "string"), field("amount", "int"));
    SchemaVersionMetadata v2 = version(2, field("id", "long"), field("amount", "int"));
    SchemaVersionMetadata v3 = version(3, field("id", "long"), field("amount", "string"));
    RiskReport r =
        twoCrawls(
            c -> c.registry("http://registry").subject(subject("orders-value", "NONE", v1)),
            c ->
                c.registry("http://registry").subject(subject("orders-value", "NONE", v1, v2, v3)));

    assertThat(fired(r))
        .containsExactly(
            "schema-field-removed orders-value", "schema-field-type-changed orders-value");
    List<RiskFinding> high = r.findings().get(RiskLevel.HIGH);
    assertThat(high.get(0).sentence()).contains("v2 (after v1) removes field name");
    assertThat(high.get(1).before()).isEqualTo("v2: amount: int");
    assertThat(high.get(1).after()).isEqualTo("v3: amount: string");
  }

  @Test
  void givenGroupsChanged_thenVanishedLagGrewAndTopicWithConsumersDeletedFire() throws Exception {
    RiskReport r =
        twoCrawls(
            c ->
                c.topic("orders", 1)
                    .topic("legacy", 1)
                    .topic("payments", 1)
                    .group("billing", "Stable", 1, offset("orders", 0, 90, 100L))
                    .group("archiver", "Stable", 1, offset("legacy", 0, 5, 5L))
                    .group("old", "Empty", 0, offset("payments", 0, 1, 1L)),
            c ->
                c.topic("orders", 1)
                    .topic("payments", 1)
                    .group("billing", "Stable", 1, offset("orders", 0, 95, 400L))
                    .group("archiver", "Stable", 1, offset("legacy", 0, 5, null)));

    assertThat(fired(r))
        .containsExactly(
            "topic-with-consumers-deleted legacy", "group-vanished old", "group-lag-grew billing");
    RiskFinding lag = r.findings().get(RiskLevel.MEDIUM).get(1);
    assertThat(lag.before()).isEqualTo("10 records");
    assertThat(lag.after()).isEqualTo("305 records");
    assertThat(r.lagTrends())
        .containsExactly(new RiskReport.LagTrend("billing", List.of(10L, 305L), 1, false));
  }

  @Test
  void givenLagBelowTheFloor_whenItTriples_thenNothingFires() throws Exception {
    RiskReport r =
        twoCrawls(
            c -> c.topic("orders", 1).group("g", "Stable", 1, offset("orders", 0, 0, 3L)),
            c -> c.topic("orders", 1).group("g", "Stable", 1, offset("orders", 0, 1, 91L)));
    assertThat(fired(r)).isEmpty();
  }

  @Test
  void givenAGroupWithoutCommitsAndRecordsWaiting_thenIdleFiresOnceWhenItReachesTheWindow()
      throws Exception {
    ChangeReportConfig idleAfter3 = new ChangeReportConfig(null, 3);
    UnaryOperator<CrawlFixture> stalled =
        c ->
            c.changeReport(idleAfter3)
                .topic("orders", 1)
                .group("stalled", "Empty", 0, offset("orders", 0, 5, 50L))
                .group("caught-up", "Empty", 0, offset("orders", 0, 50, 50L));

    analyze(stalled.apply(crawl()));
    assertThat(fired(analyze(stalled.apply(crawl())))).isEmpty();
    RiskReport third = analyze(stalled.apply(crawl()));
    RiskReport fourth = analyze(stalled.apply(crawl()));

    assertThat(fired(third)).containsExactly("group-idle stalled");
    assertThat(only(third).risk()).isEqualTo(RiskLevel.LOW);
    assertThat(fired(fourth)).as("a standing condition is reported once").isEmpty();
    assertThat(fourth.lagTrends())
        .containsExactly(new RiskReport.LagTrend("stalled", List.of(45L, 45L, 45L, 45L), 4, true));
  }

  @Test
  void givenNewBindings_thenWildcardPrefixedAndNewWriterFire_butAnExistingWriterDoesNot()
      throws Exception {
    AclMetadata appWrites = allow("User:app", "WRITE", "LITERAL", "orders");
    RiskReport r =
        twoCrawls(
            c -> c.topic("orders", 1).acls(appWrites),
            c ->
                c.topic("orders", 1)
                    .acls(
                        appWrites,
                        allow("User:app", "WRITE", "LITERAL", "payments"),
                        allow("User:analyst", "READ", "LITERAL", "*"),
                        allow("User:etl", "READ", "PREFIXED", "pay"),
                        allow("User:ingest", "WRITE", "LITERAL", "orders"),
                        allow("User:ops", "DESCRIBE", "LITERAL", "*")));

    assertThat(fired(r))
        .containsExactly(
            "access-widened-wildcard User:analyst",
            "access-widened-wildcard User:etl",
            "new-writer User:ingest");
    assertThat(r.findings().get(RiskLevel.HIGH).get(0).sentence())
        .isEqualTo("User:analyst may now READ every topic, including topics created later.");
    assertThat(r.findings().get(RiskLevel.MEDIUM).get(0).sentence())
        .isEqualTo(
            "User:ingest can now write to topic orders; before, it could write to no topic.");
  }

  @Test
  void givenAFailedPhase_thenItsStateIsCarriedOverAndNothingVanishes() throws Exception {
    UnaryOperator<CrawlFixture> cluster =
        c -> c.topic("orders", 1).group("billing", "Stable", 1, offset("orders", 0, 5, 5L));
    analyze(cluster.apply(crawl()));

    RiskReport failed =
        analyze(
            cluster
                .apply(crawl())
                .without(ArtifactKinds.TOPICS)
                .without(ArtifactKinds.CONSUMER_GROUPS));
    RiskReport after = analyze(cluster.apply(crawl()));

    assertThat(fired(failed)).isEmpty();
    assertThat(failed.notChecked())
        .anyMatch(n -> n.startsWith("topic rules"))
        .anyMatch(n -> n.startsWith("consumer group rules"));
    assertThat(fired(after)).isEmpty();
  }

  @Test
  void givenManyCrawls_thenTheLagHistoryKeepsTheLast30() throws Exception {
    for (int i = 0; i < RiskState.LAG_HISTORY + 5; i++) {
      long end = 10L + i;
      analyze(crawl().topic("orders", 1).group("g", "Stable", 1, offset("orders", 0, i, end)));
    }
    List<RiskState.Entry> groups = new ArrayList<>();
    JsonLines.forEach(
        store,
        RiskState.stateKey("prod"),
        RiskState.Entry.class,
        mapper,
        e -> {
          if (e.kind().equals(RiskState.GROUP)) {
            groups.add(e);
          }
        });
    assertThat(groups).singleElement().satisfies(g -> assertThat(g.lagHistory()).hasSize(30));
  }

  static SchemaSubjectMetadata subject(
      String name, String compatibility, SchemaVersionMetadata... versions) {
    return new SchemaSubjectMetadata(
        name, List.of("orders"), "VALUE", null, compatibility, false, List.of(versions));
  }

  static SchemaVersionMetadata version(int n, SchemaField... fields) {
    return new SchemaVersionMetadata(
        n, 100 + n, "AVRO", "{}", List.of(), false, List.of(fields), null);
  }

  static SchemaField field(String path, String type) {
    return new SchemaField(path, path, type, false, null, null, 0, "VALUE");
  }
}
