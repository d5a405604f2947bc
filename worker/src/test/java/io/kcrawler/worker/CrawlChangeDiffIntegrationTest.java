package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.CrawlTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Given a real cluster crawled once, when a topic is added, a topic deleted, a config changed and a
 * group removed, then the second crawl's change report lists exactly those changes and the catalog
 * output soft-deletes exactly the vanished assets.
 */
class CrawlChangeDiffIntegrationTest {

  @Test
  void secondCrawlReportsExactlyWhatChangedAndArchivesWhatVanished() throws Exception {
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start();
        CrawlTestEnv env = CrawlTestEnv.start();
        Admin admin = Admin.create(kafka.adminClientProperties())) {
      kafka.createTopics(
          List.of(
              new NewTopic("orders", 2, (short) 1).configs(Map.of("retention.ms", "100000")),
              new NewTopic("payments", 1, (short) 1),
              new NewTopic("legacy", 1, (short) 1)),
          Duration.ofMinutes(1));
      commit(kafka, "billing", new TopicPartition("orders", 0), 0);
      commit(kafka, "old-group", new TopicPartition("payments", 0), 0);
      CrawlRequest request = CrawlRequest.of("diff", kafka.bootstrapServers());

      CrawlSummary first = env.crawl(request);
      assertThat(first.counts()).containsEntry("topics", 3L).containsEntry("consumerGroups", 2L);

      kafka.createTopics(List.of(new NewTopic("shipments", 1, (short) 1)), Duration.ofMinutes(1));
      admin.deleteTopics(List.of("legacy")).all().get();
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, "orders"),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "200000"), AlterConfigOp.OpType.SET))))
          .all()
          .get();
      admin.deleteConsumerGroups(List.of("old-group")).all().get();
      awaitTopics(admin, Set.of("orders", "payments", "shipments"));

      CrawlSummary second = env.crawl(request);
      Path catalog = Path.of(second.outputLocation()).resolve("catalog");
      JsonNode report = Json.mapper().readTree(catalog.resolve("change-report.json").toFile());

      assertThat(items(report, "newTopics")).containsExactly("\"shipments\"");
      assertThat(items(report, "deletedTopics")).containsExactly("\"legacy\"");
      assertThat(items(report, "configDrift"))
          .containsExactly(
              "{\"topic\":\"orders\",\"key\":\"retention.ms\",\"oldValue\":\"100000\",\"newValue\":\"200000\"}");
      assertThat(items(report, "groupsVanished")).containsExactly("\"old-group\"");
      assertThat(items(report, "groupsAppeared")).isEmpty();
      assertThat(items(report, "partitionChanges")).isEmpty();

      List<String> deletions = new ArrayList<>();
      for (String line : Files.readAllLines(catalog.resolve("deletions.jsonl"))) {
        if (!line.isBlank()) {
          JsonNode d = Json.mapper().readTree(line);
          deletions.add(
              d.get("typeName").asText()
                  + " "
                  + d.get("qualifiedName").asText()
                  + " "
                  + d.get("deleteType").asText());
        }
      }
      assertThat(deletions)
          .hasSize(2)
          .anySatisfy(d -> assertThat(d).startsWith("KafkaTopic ").endsWith("/topic/legacy SOFT"))
          .anySatisfy(
              d ->
                  assertThat(d)
                      .startsWith("KafkaConsumerGroup ")
                      .endsWith("/consumer-group/old-group SOFT"));
      assertThat(Files.readString(catalog.resolve("change-report.md")))
          .contains("shipments", "legacy", "retention.ms: 100000 → 200000", "old-group");
    }
  }

  private static List<String> items(JsonNode report, String field) {
    return StreamSupport.stream(report.get(field).get("items").spliterator(), false)
        .map(JsonNode::toString)
        .toList();
  }

  private static void commit(
      EmbeddedKafkaCluster kafka, String group, TopicPartition tp, long offset) {
    var props = kafka.adminClientProperties();
    props.put("group.id", group);
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
      c.assign(List.of(tp));
      c.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
    }
  }

  private static void awaitTopics(Admin admin, Set<String> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!admin.listTopics().names().get().equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
