package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry of 1,500 subjects is crawled with at most 5 + ⌈subjects/1000⌉ list/bulk calls: the
 * bulk endpoint, paged, not one call per subject. Compatibility levels add one call per subject.
 */
class SchemaRegistryScaleContractTest {
  static final int SUBJECTS = 1500;
  static final long MAX_LIST_CALLS = 5 + (SUBJECTS + 999) / 1000;

  @TempDir static Path dir;
  static SchemaRegistryContractServer registry;
  static SchemaCrawlFixture fixture;
  static final List<String> topics = new ArrayList<>();

  @BeforeAll
  static void seed() throws Exception {
    registry = SchemaRegistryContractServer.start();
    for (int i = 0; i < SUBJECTS; i++) {
      String topic = String.format("topic-%04d", i);
      topics.add(topic);
      registry.register(
          topic + "-value",
          "AVRO",
          "{\"type\":\"record\",\"name\":\"R"
              + i
              + "\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
              + "{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    }
    fixture =
        new SchemaCrawlFixture(dir, new EnvFileSecretResolver(Map.of()), SchemaCrawlFixture.FAST);
  }

  @AfterAll
  static void stop() {
    fixture.close();
    registry.close();
  }

  @BeforeEach
  void reset() {
    registry.resetRequests();
    registry.maxPage(SchemaRegistryContractServer.DEFAULT_MAX_PAGE);
  }

  static long compatibilityCalls() {
    return registry.count(r -> r.path().startsWith("/config/"));
  }

  @Test
  void givenManySubjects_whenCrawled_thenListAndBulkCallsStayWithinTheBudget() throws Exception {
    SchemaCrawlFixture.Result r =
        fixture.crawl(SchemaCrawlFixture.registry(registry.url()), topics, null);
    assertThat(r.subjects()).hasSize(SUBJECTS);
    assertThat(r.subjects().get("topic-1499-value").topics()).containsExactly("topic-1499");
    assertThat(r.phase().counts()).containsEntry("fields", 2L * SUBJECTS);
    assertThat(registry.listCalls()).isLessThanOrEqualTo(MAX_LIST_CALLS);
    // Nothing else either: every request of this crawl was a list, bulk or global-config call.
    assertThat(registry.requests()).hasSizeLessThanOrEqualTo((int) MAX_LIST_CALLS);
    assertThat(r.phase().counts().get("registryRequests")).isEqualTo(registry.requests().size());
  }

  @Test
  void givenCompatibilityLevels_whenCrawled_thenOnlyOneOptionalCallPerSubjectIsAdded()
      throws Exception {
    registry.setSubjectCompatibility("topic-0007-value", "NONE");
    SchemaCrawlFixture.Result r =
        fixture.crawl(
            SchemaCrawlFixture.config(
                registry.url(), "TopicNameStrategy", null, null, false, true, false),
            topics,
            null);
    assertThat(r.subjects().get("topic-0007-value").compatibility()).isEqualTo("NONE");
    assertThat(r.subjects().get("topic-1499-value").compatibility()).isNull();
    // Levels are looked up beside the parsing in a bounded window; the artifact keeps every
    // subject, in subject order, with the level of that subject.
    assertThat(r.subjects()).hasSize(SUBJECTS);
    assertThat(List.copyOf(r.subjects().keySet())).isSorted();
    assertThat(r.subjects().values())
        .filteredOn(s -> s.compatibility() != null)
        .extracting(SchemaSubjectMetadata::subject)
        .containsExactly("topic-0007-value");
    // One per subject, and one per crawl for how the registry answers a subject without a level.
    assertThat(compatibilityCalls()).isEqualTo(SUBJECTS + 1);
    assertThat(registry.requests().size() - compatibilityCalls())
        .isLessThanOrEqualTo(MAX_LIST_CALLS);
  }

  @Test
  void givenARegistryCappingPagesBelowTheAskedLimit_whenCrawled_thenPagingStillReadsEverySubject()
      throws Exception {
    registry.maxPage(100);
    SchemaCrawlFixture.Result r =
        fixture.crawl(SchemaCrawlFixture.registry(registry.url()), topics, null);
    assertThat(r.subjects()).hasSize(SUBJECTS);
    // Short pages go on until every listed subject showed up, then stop without an extra call.
    assertThat(registry.count(q -> q.path().equals("/schemas"))).isEqualTo(SUBJECTS / 100);
  }
}
