package io.kcrawler.activities.catalog;

import static io.kcrawler.activities.catalog.CrawlFixture.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.devkit.atlan.AtlasTypeSystem;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish against a local server that enforces the contract of Atlan's metastore (typedefs from
 * Atlan's SDK; Atlas's refusals with their real status and error body; silently dropped attributes
 * recorded): what publish sends is accepted whole, nothing is dropped, the Connection comes first,
 * and an older tenant's missing types are left out with one warning each.
 */
class AtlanConformanceContractTest {
  static final String TOKEN = "atlan-conformance-token";
  static final CatalogSinkConfig.ConnectionAdmins ADMINS =
      new CatalogSinkConfig.ConnectionAdmins(List.of("jdoe"), List.of("data-platform"), null);

  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;

  private CatalogPublishActivitiesImpl atlanPublisher(
      LocalArtifactStore store,
      AtlanContractServer atlan,
      CatalogSinkConfig.ConnectionAdmins admins) {
    CatalogSinkConfig config =
        CatalogSinkConfig.atlan(atlan.baseUrl(), "env:ATLAN_TOKEN").withAdmins(admins);
    return new CatalogPublishActivitiesImpl(
        store,
        CatalogSinkFactory.fromConfig(
            config,
            new EnvFileSecretResolver(Map.of("ATLAN_TOKEN", TOKEN)),
            store,
            mapper,
            AtlanContractServerRetry.FAST),
        mapper,
        config);
  }

  /** A crawl with every asset type, groups in every state Kafka reports, key and value fields. */
  private PublishRequest everything(LocalArtifactStore store) {
    SchemaField id = new SchemaField("id", "id", "string", false, null, "order id", 0, "VALUE");
    SchemaField amount =
        new SchemaField("amount", "amount", "double", true, "0.0", null, 1, "VALUE");
    return new CrawlFixture(store, mapper, "prod", "run-1")
        .registry("http://registry:8081")
        .topic("orders", 3)
        .config("orders", "cleanup.policy", "compact,delete")
        .config("orders", "compression.type", "lz4")
        .topic("payments", 1)
        .config("payments", "cleanup.policy", "delete")
        .stats("orders", 10, 1000L, 2)
        .group("billing", "STABLE", 2, offset("orders", 0, 5, 7L), offset("orders", 1, 5, 5L))
        .group("joining", "PREPARING_REBALANCE", 1, offset("orders", 2, 1, 3L))
        .group("kip848", "RECONCILING", 1, offset("payments", 0, 1, 1L))
        .group("assigning", "ASSIGNING", 1, offset("payments", 0, 1, 1L))
        .group("gone", "EMPTY", 0, offset("deleted-topic", 0, 4, null))
        .subject(
            new SchemaSubjectMetadata(
                "orders-value",
                List.of("orders"),
                "VALUE",
                "com.acme.Order",
                "BACKWARD_TRANSITIVE",
                false,
                List.of(
                    new SchemaVersionMetadata(
                        1, 11, null, "{v1}", List.of(), false, List.of(id), null),
                    new SchemaVersionMetadata(
                        2, 12, null, "{v2}", List.of(), false, List.of(id, amount), null))))
        .subject(CrawlFixture.ordersKey())
        .write();
  }

  @Test
  void
      givenANewConnection_whenPublished_thenTheConnectionIsCreatedFirstAndEveryAssetIsAcceptedWhole()
          throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (AtlanContractServer atlan = new AtlanContractServer(TOKEN);
        PublishHarness harness = new PublishHarness(atlanPublisher(store, atlan, ADMINS))) {
      PhaseResult result = harness.publish(everything(store));

      assertThat(atlan.refusals()).isEmpty();
      assertThat(atlan.dropped()).isEmpty();
      AtlanContractServer.Stored connection = atlan.assets("Connection").get(0);
      JsonNode attrs = connection.entity.path("attributes");
      assertThat(attrs.path("qualifiedName").asText()).matches("default/confluent-kafka/[0-9]+");
      assertThat(attrs.path("connectorName").asText()).isEqualTo("confluent-kafka");
      assertThat(attrs.path("category").asText()).isEqualTo("eventbus");
      assertThat(attrs.path("adminUsers")).containsExactly(mapper.valueToTree("jdoe"));
      assertThat(attrs.path("adminGroups")).containsExactly(mapper.valueToTree("data-platform"));
      // Every asset names that connection, and the Connection went alone in the first POST.
      for (String type : AtlanModel.crawlTypes()) {
        assertThat(atlan.assets(type)).as(type).isNotEmpty();
        assertThat(atlan.assets(type))
            .allSatisfy(
                a ->
                    assertThat(a.entity.path("attributes").path("connectionQualifiedName").asText())
                        .isEqualTo(attrs.path("qualifiedName").asText()));
      }
      assertThat(atlan.acceptedWrites().get(attrs.path("qualifiedName").asText())).isEqualTo(1);
      assertThat(groupState(atlan, "joining")).isEqualTo("PreparingRebalance");
      assertThat(groupState(atlan, "billing")).isEqualTo("Stable");
      assertThat(groupState(atlan, "kip848")).isNull();
      assertThat(groupState(atlan, "assigning")).isNull();
      JsonNode cluster = atlan.assets("KafkaCluster").get(0).entity.path("attributes");
      assertThat(cluster.path("kafkaBootstrapServers").isArray()).isTrue();
      assertThat(cluster.path("kafkaTopicCount").asLong()).isEqualTo(2);
      assertThat(result.counts())
          .containsEntry("atlan.created", 1L + result.counts().get("assets"));
    }
  }

  private static String groupState(AtlanContractServer atlan, String group) {
    return atlan.assets("KafkaConsumerGroup").stream()
        .filter(g -> g.entity.path("attributes").path("name").asText().equals(group))
        .map(g -> g.entity.path("attributes").path("kafkaConsumerGroupState"))
        .findFirst()
        .map(n -> n.isMissingNode() ? null : n.asText())
        .orElse(null);
  }

  @Test
  void givenATenantWithoutKafkaClusterAndKafkaField_whenPublished_thenItSucceedsWarningOncePerType()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    AtlasTypeSystem older =
        AtlasTypeSystem.bundled().without(List.of("KafkaCluster", "KafkaField"));
    try (AtlanContractServer atlan = new AtlanContractServer(TOKEN, older);
        PublishHarness harness = new PublishHarness(atlanPublisher(store, atlan, ADMINS))) {
      PhaseResult result = harness.publish(everything(store));

      assertThat(atlan.refusals()).isEmpty();
      assertThat(atlan.dropped()).isEmpty();
      assertThat(atlan.assets("KafkaTopic")).hasSize(2);
      assertThat(atlan.assets("SchemaRegistryVersion")).hasSize(3);
      assertThat(result.warnings())
          .filteredOn(w -> w.contains("has no type"))
          .containsExactly(
              "the Atlan tenant has no type KafkaCluster: its assets are not published (the"
                  + " tenant's model predates it)",
              "the Atlan tenant has no type KafkaField: its assets are not published (the"
                  + " tenant's model predates it)");
    }
  }

  @Test
  void givenAConnectionNamedButAbsent_whenPublished_thenInvalidInputAndNothingIsSent()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (AtlanContractServer atlan = new AtlanContractServer(TOKEN);
        PublishHarness harness = new PublishHarness(atlanPublisher(store, atlan, ADMINS))) {
      PublishRequest request =
          new CrawlFixture(store, mapper, "prod", "run-1")
              .topic("orders", 1)
              .connection("default/confluent-kafka/1600000000")
              .write();

      assertThatThrownBy(() -> harness.publish(request))
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(FailureType.INVALID_INPUT.name());
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage())
                    .contains("Atlan has no Connection default/confluent-kafka/1600000000");
              });
      assertThat(atlan.posts()).isZero();

      atlan.seed("Connection", "default/confluent-kafka/1600000000");
      harness.publish(request);
      assertThat(atlan.assets("Connection")).hasSize(1); // checked, not created again
      assertThat(atlan.assets("KafkaTopic")).hasSize(1);
    }
  }

  @Test
  void givenNoAdminForANewConnection_whenPublished_thenInvalidInputNamingTheSettings()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (AtlanContractServer atlan = new AtlanContractServer(TOKEN);
        PublishHarness harness =
            new PublishHarness(
                atlanPublisher(store, atlan, CatalogSinkConfig.ConnectionAdmins.NONE))) {
      PublishRequest request =
          new CrawlFixture(store, mapper, "prod", "run-1").topic("orders", 1).write();

      assertThatThrownBy(() -> harness.publish(request))
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(FailureType.INVALID_INPUT.name());
                assertThat(f.getOriginalMessage())
                    .contains("KCRAWLER_ATLAN_CONNECTION_ADMIN_USERS");
              });
      assertThat(atlan.posts()).isZero();
    }
  }

  @Test
  void givenTheSameCrawl_whenPublishedToFilesAndToAtlan_thenTheFilesHoldExactlyWhatAtlanReceived()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir.resolve("artifacts"));
    PublishRequest request = everything(store);
    Path files = dir.resolve("files");
    PublishRequest toFiles =
        new PublishRequest(
            new io.kcrawler.model.CrawlContext(
                request.context().workflowId(),
                request.context().runId(),
                request.context().request().withOutputLocation(files.toString()),
                request.context().artifactPrefix()),
            request.cluster(),
            request.artifacts(),
            request.phases());
    CatalogSinkConfig fileConfig = CatalogSinkConfig.file().withAdmins(ADMINS);
    try (AtlanContractServer atlan = new AtlanContractServer(TOKEN);
        PublishHarness toAtlan = new PublishHarness(atlanPublisher(store, atlan, ADMINS));
        PublishHarness toFile =
            new PublishHarness(
                new CatalogPublishActivitiesImpl(
                    store,
                    CatalogSinkFactory.fromConfig(
                        fileConfig, new EnvFileSecretResolver(), store, mapper),
                    mapper,
                    fileConfig))) {
      toAtlan.publish(request);
      toFile.publish(toFiles);

      Set<JsonNode> sent = new HashSet<>();
      for (String type : AtlanModel.typeNames()) {
        atlan.assets(type).forEach(a -> sent.add(a.entity));
      }
      Set<JsonNode> written = new HashSet<>();
      List<String> lines = new ArrayList<>();
      try (Stream<Path> all = Files.list(files.resolve("catalog"))) {
        for (Path f :
            all.filter(p -> !p.getFileName().toString().startsWith("deletions"))
                .filter(p -> p.toString().endsWith(".jsonl"))
                .toList()) {
          lines.addAll(Files.readAllLines(f));
        }
      }
      for (String line : lines) {
        written.add(mapper.readTree(line));
      }
      assertThat(written).hasSize(lines.size()).isEqualTo(sent);
      // And the files pass the same typedef checks.
      for (JsonNode e : written) {
        assertThat(AtlasTypeSystem.bundled().validate(e)).as(e.toString()).isEmpty();
      }
    }
  }

  @Test
  void givenWhatAtlasRefuses_whenSent_thenTheContractServerAnswersAsAtlasDoes() throws Exception {
    try (AtlanContractServer atlan = new AtlanContractServer(TOKEN)) {
      AtlanApiSink sink =
          new AtlanApiSink(atlan.baseUrl(), TOKEN, AtlanContractServerRetry.FAST, mapper, () -> {});
      String conn = "default/confluent-kafka/1700000000";
      atlan.seed("Connection", conn);

      refused(
          sink, raw("KafkaTopic", conn + "/topic/a", Map.of("kafkaTopicCleanupPolicy", "both")));
      refused(
          sink,
          raw(
              "KafkaConsumerGroup",
              conn + "/consumer-group/g",
              Map.of("kafkaConsumerGroupState", "PREPARING_REBALANCE")));
      refused(
          sink,
          raw(
              "KafkaCluster",
              conn + "/cluster/c",
              Map.of("kafkaBootstrapServers", "b1:9092,b2:9092")));
      refused(
          sink, raw("KafkaTopic", conn + "/topic/a", Map.of("kafkaTopicPartitionsCount", "six")));
      refused(sink, raw("KafkaBroker", conn + "/broker/1", Map.of()));
      refused(
          sink,
          new AtlanEntity(
              "KafkaField",
              Map.of("qualifiedName", conn + "/topic/absent/field/x", "name", "x"),
              Map.of("kafkaTopic", AtlanEntity.ref("KafkaTopic", conn + "/topic/absent"))));
      assertThat(atlan.refusals())
          .satisfiesExactly(
              r ->
                  assertThat(r).contains("ATLAS-404-00-007").contains("kafka_topic_cleanup_policy"),
              r -> assertThat(r).contains("ATLAS-404-00-007").contains("KafkaConsumerGroupState"),
              r -> assertThat(r).contains("ATLAS-404-00-007").contains("array<string>"),
              r -> assertThat(r).contains("ATLAS-404-00-007").contains("long"),
              r ->
                  assertThat(r)
                      .isEqualTo(
                          "{\"errorCode\":\"ATLAS-400-00-014\",\"errorMessage\":\"Type ENTITY"
                              + " with name KafkaBroker does not exist\"}"),
              r -> assertThat(r).contains("ATLAS-404-00-00A").contains(conn + "/topic/absent"));
      assertThat(atlan.storedCount()).isEqualTo(1); // only the seeded Connection

      // Atlas takes an attribute its type lacks without a word, and drops it: recorded.
      sink.upsert(List.of(raw("KafkaTopic", conn + "/topic/a", Map.of("kafkaClusterId", "x"))));
      assertThat(atlan.dropped())
          .extracting(AtlasTypeSystem.Violation::attribute)
          .containsExactly("kafkaClusterId");
      // Enum values match case-insensitively, as in Atlas.
      sink.upsert(
          List.of(
              raw(
                  "KafkaConsumerGroup",
                  conn + "/consumer-group/g",
                  Map.of("kafkaConsumerGroupState", "STABLE"))));
      assertThat(atlan.assets("KafkaConsumerGroup")).hasSize(1);
    }
  }

  private static AtlanEntity raw(String type, String qn, Map<String, Object> attributes) {
    Map<String, Object> all = new java.util.LinkedHashMap<>(attributes);
    all.put("qualifiedName", qn);
    all.put("name", qn.substring(qn.lastIndexOf('/') + 1));
    return new AtlanEntity(type, all, Map.of());
  }

  private static void refused(AtlanApiSink sink, AtlanEntity entity) {
    assertThatThrownBy(() -> sink.upsert(List.of(entity)))
        .isInstanceOfSatisfying(
            CatalogPublishException.class,
            e -> assertThat(e.kind()).isEqualTo(CatalogPublishException.Kind.REJECTED));
  }
}
