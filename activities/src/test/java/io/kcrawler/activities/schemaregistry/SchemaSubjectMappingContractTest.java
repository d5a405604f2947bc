package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subject↔topic mapping under each naming strategy and the explicit map, against one registry whose
 * subjects include look-alikes ({@code orders.retry-…}, {@code orders-dlt-…}).
 */
class SchemaSubjectMappingContractTest {
  static String record(String name) {
    return "{\"type\":\"record\",\"name\":\""
        + name
        + "\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
  }

  @TempDir static Path dir;
  static SchemaRegistryContractServer registry;
  static SchemaCrawlFixture fixture;

  @BeforeAll
  static void seed() throws Exception {
    registry = SchemaRegistryContractServer.start();
    // TopicNameStrategy subjects
    registry.register("orders-value", "AVRO", record("Order"));
    registry.register("orders-key", "AVRO", "\"string\"");
    registry.register("orders.retry-value", "AVRO", record("Order"));
    registry.register("orders-dlt-value", "AVRO", record("Order"));
    // TopicRecordNameStrategy subjects
    registry.register("orders-com.acme.Order", "AVRO", record("Order"));
    registry.register("orders-dlt-com.acme.Order", "AVRO", record("Order"));
    registry.register("orders.retry-com.acme.Refund", "AVRO", record("Refund"));
    // RecordNameStrategy subjects
    registry.register("com.acme.Order", "AVRO", record("Order"));
    registry.register("com.acme.Refund", "AVRO", record("Refund"));
    // Named only through the explicit map
    registry.register("legacy_orders_schema", "AVRO", record("Legacy"));
    fixture =
        new SchemaCrawlFixture(dir, new EnvFileSecretResolver(Map.of()), SchemaCrawlFixture.FAST);
  }

  @AfterAll
  static void stop() {
    fixture.close();
    registry.close();
  }

  static Map<String, SchemaSubjectMetadata> crawl(
      String strategy,
      Map<String, List<String>> explicit,
      Map<String, List<String>> recordTopics,
      List<String> topics,
      List<String> excludes)
      throws Exception {
    return fixture
        .crawl(
            SchemaCrawlFixture.config(
                registry.url(), strategy, explicit, recordTopics, false, false, false),
            topics,
            excludes)
        .subjects();
  }

  @Test
  void givenTopicNameStrategy_whenLookAlikeTopicsExist_thenEachSubjectMapsToItsOwnTopicOnly()
      throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl(
            "TopicNameStrategy", null, null, List.of("orders", "orders.retry", "orders-dlt"), null);
    assertThat(s.get("orders-value").topics()).containsExactly("orders");
    assertThat(s.get("orders-value").role()).isEqualTo("VALUE");
    assertThat(s.get("orders-key").topics()).containsExactly("orders");
    assertThat(s.get("orders-key").role()).isEqualTo("KEY");
    assertThat(s.get("orders.retry-value").topics()).containsExactly("orders.retry");
    assertThat(s.get("orders-dlt-value").topics()).containsExactly("orders-dlt");
    assertThat(s.get("com.acme.Order").topics()).isEmpty();
    assertThat(s.get("orders-key").latest().fields()).isEmpty();
  }

  @Test
  void givenTopicNameStrategy_whenOnlyOrdersIsCrawled_thenLookAlikesDoNotMapToIt()
      throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl("TopicNameStrategy", null, null, List.of("orders"), List.of("orders-dlt"));
    assertThat(s.get("orders-value").topics()).containsExactly("orders");
    assertThat(s.get("orders.retry-value").topics()).isEmpty();
    assertThat(s).doesNotContainKey("orders-dlt-value");
  }

  @Test
  void givenTopicRecordNameStrategy_whenCrawled_thenTopicIsTheExactPrefixBeforeTheRecordName()
      throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl(
            "TopicRecordNameStrategy",
            null,
            null,
            List.of("orders", "orders-dlt"),
            List.of("orders\\.retry"));
    assertThat(s.get("orders-com.acme.Order").topics()).containsExactly("orders");
    assertThat(s.get("orders-com.acme.Order").recordName()).isEqualTo("com.acme.Order");
    assertThat(s.get("orders-dlt-com.acme.Order").topics()).containsExactly("orders-dlt");
    assertThat(s).doesNotContainKey("orders.retry-com.acme.Refund");
    assertThat(s.get("orders-value").topics()).isEmpty();
  }

  @Test
  void givenRecordNameStrategy_whenCrawled_thenRecordsMapThroughTheRecordTopicsMap()
      throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl(
            "RecordNameStrategy",
            null,
            Map.of(
                "com.acme.Order", List.of("orders", "orders.retry", "orders-dlt"),
                "com.acme.Refund", List.of("refunds")),
            List.of("orders", "orders.retry"),
            List.of("orders-dlt", "refunds"));
    assertThat(s.get("com.acme.Order").topics()).containsExactly("orders", "orders.retry");
    assertThat(s.get("com.acme.Order").role()).isNull();
    assertThat(s).doesNotContainKey("com.acme.Refund");
    assertThat(s.get("orders-value").topics()).isEmpty();
  }

  @Test
  void givenKeysByTopicNameAndValuesByRecordName_whenCrawled_thenBothMapWithTheirRoles()
      throws Exception {
    SchemaRegistryConfig common =
        SchemaCrawlFixture.config(
            registry.url(),
            null,
            null,
            Map.of("com.acme.Order", List.of("orders"), "com.acme.Refund", List.of("orders")),
            false,
            false,
            false);
    SchemaRegistryConfig mixed =
        new SchemaRegistryConfig(
            common.url(),
            common.authType(),
            null,
            null,
            null,
            null,
            false,
            false,
            false,
            null,
            null,
            common.recordTopics(),
            "TopicNameStrategy",
            "RecordNameStrategy",
            null);

    Map<String, SchemaSubjectMetadata> s = fixture.crawl(mixed, List.of("orders"), null).subjects();

    // The primitive key schema ("string") is the key of orders.
    assertThat(s.get("orders-key").topics()).containsExactly("orders");
    assertThat(s.get("orders-key").role()).isEqualTo("KEY");
    // Values are registered under their record names.
    assertThat(s.get("com.acme.Order").topics()).containsExactly("orders");
    assertThat(s.get("com.acme.Order").role()).isEqualTo("VALUE");
    assertThat(s.get("com.acme.Refund").role()).isEqualTo("VALUE");
    // A "-value" subject is not a value subject under RecordNameStrategy: it names no topic.
    assertThat(s.get("orders-value").topics()).isEmpty();
  }

  @Test
  void givenRecordNameStrategyForBoth_whenAPrimitiveKeySubjectExists_thenItIsStillAKey()
      throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl(
            "RecordNameStrategy",
            null,
            Map.of("com.acme.Order", List.of("orders")),
            List.of("orders"),
            null);

    assertThat(s.get("orders-key").role()).isEqualTo("KEY");
  }

  @Test
  void givenAnExplicitMap_whenCrawled_thenItWinsOverTheStrategy() throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl(
            "TopicNameStrategy",
            Map.of(
                "legacy-orders", List.of("legacy_orders_schema"),
                "payments", List.of("orders-value")),
            null,
            List.of("orders", "legacy-orders", "payments"),
            null);
    assertThat(s.get("legacy_orders_schema").topics()).containsExactly("legacy-orders");
    assertThat(s.get("orders-value").topics()).containsExactly("payments");
    assertThat(s.get("orders-value").role()).isEqualTo("VALUE");
    assertThat(s.get("orders-key").topics()).containsExactly("orders");
  }

  @Test
  void givenAnExplicitMapToAnExcludedTopic_whenCrawled_thenTheSubjectIsLeftOut() throws Exception {
    Map<String, SchemaSubjectMetadata> s =
        crawl(
            "TopicNameStrategy",
            Map.of("legacy-orders", List.of("legacy_orders_schema")),
            null,
            List.of("orders"),
            List.of("legacy-.*"));
    assertThat(s).doesNotContainKey("legacy_orders_schema");
    assertThat(s).containsKey("orders-value");
  }
}
