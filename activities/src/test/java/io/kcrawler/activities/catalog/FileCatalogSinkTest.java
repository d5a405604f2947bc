package io.kcrawler.activities.catalog;

import static io.kcrawler.activities.catalog.CrawlFixture.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.model.PhaseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCatalogSinkTest {
  static final String CONN = "default/confluent-kafka/1700000000";
  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void givenACrawlWithOutputLocation_whenPublished_thenOneBulkShapedFilePerTypeAndTheReport()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir.resolve("artifacts"));
    Path output = dir.resolve("out");
    var request =
        new CrawlFixture(store, mapper, "prod", "run-1")
            .outputLocation(output.toString())
            .topic("orders", 2)
            .group("billing", "Stable", 1, offset("orders", 0, 1, 2L))
            .write();

    PhaseResult result;
    try (PublishHarness harness =
        new PublishHarness(
            CatalogPublishActivitiesImpl.fromConfig(
                store,
                CatalogSinkConfig.file().withConnectionQualifiedNames(Map.of("prod", CONN)),
                ref -> {
                  throw new AssertionError("the file sink needs no secret");
                },
                mapper))) {
      result = harness.publish(request);
    }

    Path catalog = output.resolve("catalog");
    try (Stream<Path> files = Files.list(catalog)) {
      // An emptied staging directory stays: the artifact store deletes files, not directories.
      assertThat(files.map(p -> p.getFileName().toString()).filter(f -> !f.equals(".staging")))
          .containsExactlyInAnyOrder(
              "KafkaCluster.jsonl",
              "KafkaTopic.jsonl",
              "KafkaConsumerGroup.jsonl",
              "deletions.jsonl",
              "change-report.md",
              "change-report.json");
    }
    try (Stream<Path> staged = Files.list(catalog.resolve(".staging"))) {
      assertThat(staged).isEmpty();
    }
    List<String> topics = Files.readAllLines(catalog.resolve("KafkaTopic.jsonl"));
    assertThat(topics).hasSize(1);
    JsonNode topic = mapper.readTree(topics.get(0));
    assertThat(topic.path("typeName").asText()).isEqualTo("KafkaTopic");
    assertThat(topic.path("attributes").path("qualifiedName").asText())
        .isEqualTo(CONN + "/topic/orders");
    assertThat(
            topic
                .path("relationshipAttributes")
                .path("kafkaCluster")
                .path("uniqueAttributes")
                .path("qualifiedName")
                .asText())
        .isEqualTo(CONN + "/cluster/cluster-abc");
    assertThat(Files.readString(catalog.resolve("deletions.jsonl"))).isEmpty();
    assertThat(result.counts()).containsEntry("file.KafkaTopic", 1L).containsEntry("created", 3L);
  }

  @Test
  void givenAPublishThatFails_whenAborted_thenThePreviousOutputIsIntact() throws Exception {
    LocalArtifactStore out = new LocalArtifactStore(dir);
    AtlanEntity v1 =
        AtlanEntity.builder("KafkaTopic", CONN + "/topic/a", "a", CONN)
            .attr(AtlanModel.KafkaTopic.PARTITIONS_COUNT, 1L)
            .build();
    AtlanEntity v2 =
        AtlanEntity.builder("KafkaTopic", CONN + "/topic/a", "a", CONN)
            .attr(AtlanModel.KafkaTopic.PARTITIONS_COUNT, 2L)
            .build();
    FileCatalogSink first = new FileCatalogSink(out, "catalog", mapper);
    first.upsert(List.of(v1));
    first.close();
    String before = Files.readString(dir.resolve("catalog/KafkaTopic.jsonl"));

    FileCatalogSink failing = new FileCatalogSink(out, "catalog", mapper);
    failing.upsert(List.of(v2));
    failing.abort();

    assertThat(Files.readString(dir.resolve("catalog/KafkaTopic.jsonl")))
        .isEqualTo(before)
        .contains("\"kafkaTopicPartitionsCount\":1");
    assertThat(out.list("catalog/.staging")).isEmpty();
  }

  @Test
  void givenAssetsWithTheirJson_whenUpsertedSerialized_thenFilesEqualThoseOfPlainUpsert()
      throws Exception {
    List<AtlanEntity> assets =
        List.of(
            AtlanEntity.builder("KafkaTopic", CONN + "/topic/orders", "orders", CONN)
                .attr(AtlanModel.KafkaTopic.PARTITIONS_COUNT, 3L)
                .attr(AtlanModel.KafkaTopic.CLEANUP_POLICY, "compact")
                .build(),
            AtlanEntity.builder("KafkaTopic", CONN + "/topic/pay\u00e9", "pay\u00e9", CONN).build(),
            AtlanEntity.builder("KafkaConsumerGroup", CONN + "/consumer-group/g", "g", CONN)
                .rel(
                    AtlanModel.KafkaConsumerGroup.TOPICS,
                    List.of(AtlanEntity.ref("KafkaTopic", CONN + "/topic/orders")))
                .build());
    var compact =
        mapper.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    LocalArtifactStore store = new LocalArtifactStore(dir);
    FileCatalogSink plain = new FileCatalogSink(store, "plain", mapper);
    FileCatalogSink serialized = new FileCatalogSink(store, "serialized", mapper);

    plain.upsert(assets);
    plain.close();
    List<CatalogSink.SerializedAsset> withJson = new java.util.ArrayList<>();
    for (AtlanEntity a : assets) {
      withJson.add(new CatalogSink.SerializedAsset(a, compact.writeValueAsBytes(a)));
    }
    serialized.upsertSerialized(withJson.subList(0, 1));
    serialized.upsertSerialized(withJson.subList(1, 3));
    serialized.close();

    for (String file : List.of("KafkaTopic.jsonl", "KafkaConsumerGroup.jsonl")) {
      assertThat(Files.readAllBytes(dir.resolve("serialized").resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(dir.resolve("plain").resolve(file)));
    }
    assertThat(Files.readAllLines(dir.resolve("serialized/KafkaTopic.jsonl"))).hasSize(2);
  }
}
