package io.kcrawler.activities.catalog;

import static io.kcrawler.activities.catalog.CrawlFixture.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.devkit.atlan.AtlasTypeSystem;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ConfluentCloudConfig;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.TopicActivity;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtlanAssetTransformerTest {
  static final String CONN = "default/confluent-kafka/1700000000";
  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;
  LocalArtifactStore store;

  @BeforeEach
  void setUp() {
    store = new LocalArtifactStore(dir);
  }

  private Map<String, AtlanEntity> transform(PublishRequest request, List<String> order)
      throws Exception {
    Map<String, AtlanEntity> byQn = new LinkedHashMap<>();
    new AtlanAssetTransformer(store, mapper, request, CONN)
        .transform(
            (e, facts) -> {
              order.add(e.typeName());
              byQn.put(e.qualifiedName(), e);
            });
    return byQn;
  }

  private static SchemaSubjectMetadata ordersValue() {
    SchemaField id = new SchemaField("id", "id", "string", false, null, "order id", 0, "VALUE");
    SchemaField amount =
        new SchemaField("amount", "amount", "double", true, "0.0", null, 1, "VALUE");
    return new SchemaSubjectMetadata(
        "orders-value",
        List.of("orders"),
        "VALUE",
        "com.acme.Order",
        "BACKWARD",
        false,
        List.of(
            new SchemaVersionMetadata(1, 11, "AVRO", "{v1}", List.of(), false, List.of(id), null),
            new SchemaVersionMetadata(
                2, 12, "AVRO", "{v2}", List.of(), false, List.of(id, amount), null)));
  }

  @Test
  void givenAFullCrawl_whenTransformed_thenTopicCarriesAtlanAttributesAndRelationships()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .registry("http://registry:8081")
            .topic("orders", 6)
            .config("orders", "cleanup.policy", "compact,delete")
            .config("orders", "compression.type", "zstd")
            .config("orders", "retention.ms", "604800000")
            .config("orders", "retention.bytes", "-1")
            .config("orders", "segment.bytes", "1073741824")
            .stats("orders", 1234, 5678L, 1)
            .internalTopic("__consumer_offsets", 50)
            .group(
                "billing", "Stable", 2, offset("orders", 0, 90, 100L), offset("orders", 1, 40, 40L))
            .subject(ordersValue())
            .write();

    List<String> order = new ArrayList<>();
    Map<String, AtlanEntity> assets = transform(request, order);

    AtlanEntity topic = assets.get(CONN + "/topic/orders");
    assertThat(topic.typeName()).isEqualTo("KafkaTopic");
    assertThat(topic.attributes())
        .containsEntry("qualifiedName", CONN + "/topic/orders")
        .containsEntry("name", "orders")
        .containsEntry("connectionQualifiedName", CONN)
        .containsEntry("connectorName", "confluent-kafka")
        .containsEntry("kafkaTopicIsInternal", false)
        .containsEntry("kafkaTopicPartitionsCount", 6L)
        .containsEntry("kafkaTopicReplicationFactor", 3L)
        .containsEntry("kafkaTopicCompressionType", "zstd")
        .containsEntry("kafkaTopicLogCleanupPolicy", "compact,delete")
        .containsEntry("kafkaTopicRetentionTimeInMs", 604800000L)
        .containsEntry("kafkaTopicRetentionBytes", -1L)
        .containsEntry("kafkaTopicSegmentBytes", 1073741824L)
        .containsEntry("kafkaTopicRecordCount", 1234L)
        .containsEntry("kafkaTopicSizeInBytes", 5678L)
        .containsEntry("kafkaTopicConsumerCount", 1L)
        .containsEntry("kafkaTopicIsSchemaManaged", true)
        .containsEntry("kafkaTopicSchemaRegistrySubjectName", "orders-value")
        .containsEntry("kafkaTopicClusterQualifiedName", CONN + "/cluster/cluster-abc")
        // A combined policy does not fit Atlan's single-valued enum.
        .doesNotContainKey("kafkaTopicCleanupPolicy");
    assertThat(topic.relationshipAttributes())
        .containsEntry(
            "kafkaCluster", AtlanEntity.ref("KafkaCluster", CONN + "/cluster/cluster-abc"));
    assertThat(assets.get(CONN + "/topic/__consumer_offsets").attributes())
        .containsEntry("kafkaTopicIsInternal", true)
        .containsEntry("kafkaTopicConsumerCount", 0L)
        .containsEntry("kafkaTopicIsSchemaManaged", false);

    // Referenced assets come first: cluster, topics, subjects, versions, fields, then groups.
    assertThat(order)
        .containsExactly(
            "KafkaCluster",
            "KafkaTopic",
            "KafkaTopic",
            "SchemaRegistrySubject",
            "SchemaRegistryVersion",
            "SchemaRegistryVersion",
            "KafkaField",
            "KafkaField",
            "KafkaConsumerGroup");
    assertThat(assets.values()).allSatisfy(AtlanAssetTransformerTest::assertAcceptedByAtlas);
  }

  @Test
  void givenAGroup_whenTransformed_thenConsumptionPropertiesFollowAtlansKafkaTopicConsumption()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .topic("orders", 2)
            .group(
                "billing", "Stable", 2, offset("orders", 1, 40, 40L), offset("orders", 0, 90, 100L))
            .write();

    AtlanEntity group = transform(request, new ArrayList<>()).get(CONN + "/consumer-group/billing");

    assertThat(group.typeName()).isEqualTo("KafkaConsumerGroup");
    assertThat(group.attributes())
        .containsEntry("kafkaConsumerGroupMemberCount", 2L)
        .containsEntry("kafkaConsumerGroupState", "Stable")
        .containsEntry("kafkaTopicNames", List.of("orders"))
        .containsEntry("kafkaTopicQualifiedNames", List.of(CONN + "/topic/orders"))
        .containsEntry("kafkaConsumerGroupAssignedPartitions", List.of("orders-0", "orders-1"))
        .containsEntry(
            "kafkaConsumerGroupTopicConsumptionProperties",
            List.of(
                Map.of(
                    "topicName",
                    "orders",
                    "topicPartition",
                    "0",
                    "topicLag",
                    10L,
                    "topicCurrentOffset",
                    90L),
                Map.of(
                    "topicName",
                    "orders",
                    "topicPartition",
                    "1",
                    "topicLag",
                    0L,
                    "topicCurrentOffset",
                    40L)));
    assertThat(group.relationshipAttributes())
        .containsEntry(
            "kafkaTopics", List.of(AtlanEntity.ref("KafkaTopic", CONN + "/topic/orders")));
  }

  @Test
  void givenASchemaSubject_whenTransformed_thenSubjectVersionsAndFieldsAreLinked()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .registry("http://registry:8081")
            .topic("orders", 1)
            .subject(ordersValue())
            .write();

    Map<String, AtlanEntity> assets = transform(request, new ArrayList<>());

    String subjectQn = CONN + "/schema-registry/subject/orders-value";
    assertThat(assets.get(subjectQn).attributes())
        .containsEntry("schemaRegistrySubjectBaseName", "orders")
        .containsEntry("schemaRegistrySubjectIsKeySchema", false)
        .containsEntry("schemaRegistrySubjectSchemaCompatibility", "BACKWARD")
        .containsEntry("schemaRegistrySubjectLatestSchemaVersion", "2")
        .containsEntry("schemaRegistrySubjectLatestSchemaDefinition", "{v2}")
        .containsEntry("schemaRegistrySchemaType", "AVRO")
        .containsEntry(
            "schemaRegistrySubjectGoverningAssetQualifiedNames", List.of(CONN + "/topic/orders"));
    assertThat(assets.get(subjectQn).relationshipAttributes())
        .containsEntry("assets", List.of(AtlanEntity.ref("KafkaTopic", CONN + "/topic/orders")));
    AtlanEntity v1 = assets.get(subjectQn + "/version/1");
    assertThat(v1.attributes())
        .containsEntry("schemaRegistryVersionNumber", "1")
        .containsEntry("schemaRegistryVersionSchemaDefinition", "{v1}")
        .containsEntry("schemaRegistrySchemaId", "11")
        .containsEntry("schemaRegistrySubjectQualifiedName", subjectQn);
    assertThat(v1.relationshipAttributes())
        .containsEntry(
            "schemaRegistrySubject", AtlanEntity.ref("SchemaRegistrySubject", subjectQn));

    AtlanEntity amount = assets.get(CONN + "/topic/orders/field/amount");
    assertThat(amount.typeName()).isEqualTo("KafkaField");
    assertThat(amount.attributes())
        .containsEntry("name", "amount")
        .containsEntry("kafkaFieldDataType", "double")
        .containsEntry("kafkaFieldIsOptional", true)
        .containsEntry("kafkaFieldDefaultValue", "0.0")
        .containsEntry("kafkaFieldOrder", 1)
        .containsEntry("kafkaFieldSchemaType", "value")
        .containsEntry("kafkaFieldVersionIntroduced", "2")
        .containsEntry("kafkaTopicQualifiedName", CONN + "/topic/orders");
    assertThat(amount.relationshipAttributes())
        .containsEntry("kafkaTopic", AtlanEntity.ref("KafkaTopic", CONN + "/topic/orders"));
    assertThat(assets.get(CONN + "/topic/orders/field/id").attributes())
        .containsEntry("kafkaFieldVersionIntroduced", "1")
        .containsEntry("description", "order id");
  }

  @Test
  void givenSoftDeletedSubjectsAndVersions_whenTransformed_thenTheyAreCountedAsNotPublishedWithWhy()
      throws Exception {
    SchemaSubjectMetadata live = ordersValue();
    // Version 1 of the live subject soft-deleted, and a whole subject soft-deleted.
    SchemaSubjectMetadata withDeletedVersion =
        new SchemaSubjectMetadata(
            live.subject(),
            live.topics(),
            live.role(),
            live.recordName(),
            live.compatibility(),
            false,
            List.of(
                new SchemaVersionMetadata(1, 11, "AVRO", "{v1}", List.of(), true, List.of(), null),
                live.versions().get(1)));
    SchemaSubjectMetadata gone =
        new SchemaSubjectMetadata(
            "gone-value",
            List.of(),
            "VALUE",
            null,
            null,
            true,
            List.of(
                new SchemaVersionMetadata(1, 31, "AVRO", "{g1}", List.of(), true, List.of(), null),
                new SchemaVersionMetadata(
                    2, 32, "AVRO", "{g2}", List.of(), true, List.of(), null)));
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .registry("http://registry:8081")
            .topic("orders", 1)
            .subject(withDeletedVersion)
            .subject(gone)
            .write();
    AtlanAssetTransformer transformer = new AtlanAssetTransformer(store, mapper, request, CONN);
    Map<String, AtlanEntity> assets = new LinkedHashMap<>();

    transformer.transform((e, facts) -> assets.put(e.qualifiedName(), e));

    String subjects = CONN + "/schema-registry/subject/";
    assertThat(assets)
        .doesNotContainKeys(subjects + "gone-value", subjects + "orders-value/version/1");
    assertThat(assets).containsKey(subjects + "orders-value/version/2");
    assertThat(transformer.notPublished())
        .isEqualTo(
            Map.of("subjectsNotPublishedSoftDeleted", 1L, "versionsNotPublishedSoftDeleted", 3L));
    assertThat(transformer.notes())
        .singleElement()
        .asString()
        .contains("1 soft-deleted subjects", "3 soft-deleted versions", "not published");
  }

  @Test
  void givenAClusterCrawl_whenTransformed_thenClusterCountsTopicsPartitionsAndBrokers()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .registry("http://registry:8081")
            .topic("a", 3)
            .topic("b", 4)
            .write();

    AtlanEntity cluster = transform(request, new ArrayList<>()).get(CONN + "/cluster/cluster-abc");

    assertThat(cluster.attributes())
        .containsEntry("kafkaTopicCount", 2L)
        .containsEntry("kafkaPartitionCount", 7L)
        .containsEntry("kafkaBrokerCount", 2L)
        .containsEntry("kafkaBootstrapServers", List.of("broker-1:9092", "broker-2:9092"))
        .containsEntry("kafkaClusterType", "Apache")
        .containsEntry("kafkaSchemaRegistryUrl", "http://registry:8081")
        .containsEntry("kafkaAuthenticationType", "NONE");
    assertAcceptedByAtlas(cluster);
  }

  @Test
  void
      givenMetricsApiActivity_whenTransformed_thenTopicsDescribeTheirTrafficAndTheClusterIsConfluent()
          throws Exception {
    String window = "2026-11-19T10:00:00Z/2026-11-20T10:00:00Z";
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .confluentCloud(
                new ConfluentCloudConfig("lkc-abc", "KEY", null, "env:S", null, "env-prod"))
            .topic("orders", 3)
            .stats("orders", 100, 4096L, new TopicActivity(window, 1_234_567L, 890L, 2_345_678L))
            .topic("legacy", 1)
            .stats("legacy", 5, 512L, new TopicActivity(window, 0L, 0L, 0L))
            .topic("half-known", 1)
            .stats("half-known", 5, null, new TopicActivity(window, 10L, null, null))
            .topic("too-new", 1)
            .stats("too-new", 0, null, null)
            .write();

    Map<String, AtlanEntity> assets = transform(request, new ArrayList<>());

    assertThat(assets.get(CONN + "/topic/orders").attributes())
        .containsEntry("kafkaTopicSizeInBytes", 4096L)
        .containsEntry(
            "description",
            "In the 24 hours before the crawl: 1,234,567 bytes (890 records) written,"
                + " 2,345,678 bytes read (Confluent Cloud Metrics API).");
    assertThat(assets.get(CONN + "/topic/legacy").attributes())
        .containsEntry(
            "description",
            "Idle: nothing written to or read from this topic in the 24 hours before the crawl"
                + " (Confluent Cloud Metrics API).");
    assertThat(assets.get(CONN + "/topic/half-known").attributes())
        .containsEntry(
            "description",
            "In the 24 hours before the crawl: 10 bytes written (Confluent Cloud Metrics API).")
        .doesNotContainKey("kafkaTopicSizeInBytes");
    // Unknown to the API: no size, no description, and never a user's description.
    assertThat(assets.get(CONN + "/topic/too-new").attributes())
        .doesNotContainKeys("kafkaTopicSizeInBytes", "description", "userDescription");
    AtlanEntity cluster = assets.get(CONN + "/cluster/cluster-abc");
    // The bootstrap hosts say nothing; the block says Confluent Cloud.
    assertThat(cluster.attributes())
        .containsEntry("kafkaClusterType", "Confluent")
        .containsEntry("kafkaEnvironment", "env-prod");
    assets.values().forEach(AtlanAssetTransformerTest::assertAcceptedByAtlas);
  }

  @Test
  void givenMissingArtifacts_whenTransformed_thenOnlyCoveredTypesAreEmittedAndWarned()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .topic("orders", 1)
            .group("billing", "Empty", 0, offset("orders", 0, 1, 1L))
            .without(ArtifactKinds.CONSUMER_GROUPS)
            .without(ArtifactKinds.TOPIC_CONFIGS)
            .write();
    AtlanAssetTransformer transformer = new AtlanAssetTransformer(store, mapper, request, CONN);
    List<AtlanEntity> out = new ArrayList<>();

    transformer.transform((e, facts) -> out.add(e));

    assertThat(out).extracting(AtlanEntity::typeName).containsExactly("KafkaCluster", "KafkaTopic");
    assertThat(transformer.coveredTypes()).containsExactlyInAnyOrder("KafkaCluster", "KafkaTopic");
    assertThat(transformer.warnings())
        .anyMatch(w -> w.contains(ArtifactKinds.CONSUMER_GROUPS))
        .anyMatch(w -> w.contains(ArtifactKinds.TOPIC_CONFIGS));
    assertThat(out.get(1).attributes()).doesNotContainKey("kafkaTopicCompressionType");
  }

  @Test
  void
      givenATenantWithoutClusterAndFieldTypes_whenTransformed_thenThoseAreLeftOutWithOneWarningEach()
          throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .registry("http://registry:8081")
            .topic("orders", 1)
            .topic("payments", 1)
            .subject(ordersValue())
            .write();
    TenantTypes older =
        TenantTypesFixture.of(
            AtlasTypeSystem.bundled().without(List.of("KafkaCluster", "KafkaField")));
    List<AtlanEntity> out = new ArrayList<>();
    AtlanAssetTransformer transformer =
        new AtlanAssetTransformer(store, mapper, request, CONN, older);

    transformer.transform((e, f) -> out.add(e));

    assertThat(out)
        .extracting(AtlanEntity::typeName)
        .doesNotContain("KafkaCluster", "KafkaField")
        .contains("KafkaTopic", "SchemaRegistrySubject");
    assertThat(out)
        .filteredOn(e -> e.typeName().equals("KafkaTopic"))
        .allSatisfy(t -> assertThat(t.relationshipAttributes()).doesNotContainKey("kafkaCluster"));
    assertThat(transformer.warnings())
        .filteredOn(w -> w.contains("has no type"))
        .containsExactly(
            "the Atlan tenant has no type KafkaCluster: its assets are not published (the"
                + " tenant's model predates it)",
            "the Atlan tenant has no type KafkaField: its assets are not published (the"
                + " tenant's model predates it)");
    assertThat(transformer.coveredTypes()).doesNotContain("KafkaCluster", "KafkaField");
  }

  @Test
  void givenKafkaValuesAtlanHasNoEnumValueFor_whenTransformed_thenTheAttributeIsLeftOut()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .topic("orders", 2)
            .config("orders", "compression.type", "producer")
            .config("orders", "cleanup.policy", "compact")
            .group("rebalancing", "PREPARING_REBALANCE", 1, offset("orders", 0, 1, 1L))
            .group("completing", "COMPLETING_REBALANCE", 1, offset("orders", 0, 1, 1L))
            .group("stable", "STABLE", 1, offset("orders", 0, 1, 1L))
            .group("empty", "EMPTY", 0, offset("orders", 0, 1, 1L))
            .group("dead", "DEAD", 0)
            .group("assigning", "ASSIGNING", 1, offset("orders", 0, 1, 1L))
            .group("reconciling", "RECONCILING", 1, offset("orders", 1, 1, 1L))
            .group("unknown", "UNKNOWN", 0)
            .group("not-ready", "NOT_READY", 0)
            .write();

    Map<String, AtlanEntity> assets = transform(request, new ArrayList<>());

    Map<String, Object> states = new LinkedHashMap<>();
    for (String g :
        List.of(
            "rebalancing",
            "completing",
            "stable",
            "empty",
            "dead",
            "assigning",
            "reconciling",
            "unknown",
            "not-ready")) {
      states.put(
          g,
          assets
              .get(CONN + "/consumer-group/" + g)
              .attributes()
              .getOrDefault("kafkaConsumerGroupState", "(left out)"));
    }
    assertThat(states)
        .containsExactly(
            Map.entry("rebalancing", "PreparingRebalance"),
            Map.entry("completing", "CompletingRebalance"),
            Map.entry("stable", "Stable"),
            Map.entry("empty", "Empty"),
            Map.entry("dead", "Dead"),
            Map.entry("assigning", "(left out)"),
            Map.entry("reconciling", "(left out)"),
            Map.entry("unknown", "(left out)"),
            Map.entry("not-ready", "(left out)"));
    assertThat(assets.get(CONN + "/topic/orders").attributes())
        .containsEntry("kafkaTopicCompressionType", "producer")
        .containsEntry("kafkaTopicCleanupPolicy", "compact");
    assertThat(assets.values()).allSatisfy(AtlanAssetTransformerTest::assertAcceptedByAtlas);
  }

  @Test
  void givenKeyAndValueFieldsOfOneName_whenTransformed_thenTheirQualifiedNamesDifferAndFitAtlan()
      throws Exception {
    PublishRequest request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .registry("http://registry:8081")
            .topic("orders", 1)
            .subject(ordersValue())
            .subject(CrawlFixture.ordersKey())
            .write();

    Map<String, AtlanEntity> assets = transform(request, new ArrayList<>());

    assertThat(assets)
        .containsKeys(CONN + "/topic/orders/field/id", CONN + "/topic/orders/field/key:id");
    assertThat(assets.get(CONN + "/topic/orders/field/key:id").attributes())
        .containsEntry("kafkaFieldSchemaType", "key");
    assertThat(assets.keySet())
        .filteredOn(qn -> qn.contains("/field/"))
        .allMatch(qn -> qn.matches("^.+/topic/[^/]+/field/[^/]+$"));
  }

  /** What Atlas would refuse or drop of this asset: nothing. */
  static void assertAcceptedByAtlas(AtlanEntity entity) {
    com.fasterxml.jackson.databind.JsonNode json = new ObjectMapper().valueToTree(entity);
    assertThat(AtlasTypeSystem.bundled().validate(json)).as(entity.qualifiedName()).isEmpty();
  }

  @Test
  void givenAnEntity_whenSerialized_thenItHasTheBulkApiShape() throws Exception {
    AtlanEntity e =
        AtlanEntity.builder("KafkaTopic", CONN + "/topic/t", "t", CONN)
            .rel(
                AtlanModel.KafkaTopic.CLUSTER, AtlanEntity.ref("KafkaCluster", CONN + "/cluster/c"))
            .build();

    String json = mapper.writeValueAsString(e);

    assertThat(json)
        .isEqualTo(
            "{\"typeName\":\"KafkaTopic\",\"attributes\":{\"qualifiedName\":\""
                + CONN
                + "/topic/t\",\"name\":\"t\",\"connectionQualifiedName\":\""
                + CONN
                + "\",\"connectorName\":\"confluent-kafka\"},\"relationshipAttributes\":"
                + "{\"kafkaCluster\":{\"typeName\":\"KafkaCluster\",\"uniqueAttributes\":"
                + "{\"qualifiedName\":\""
                + CONN
                + "/cluster/c\"}}}}");
  }
}
