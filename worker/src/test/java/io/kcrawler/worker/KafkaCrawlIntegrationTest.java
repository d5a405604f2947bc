package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.kafka.BrokerMetadata;
import io.kcrawler.model.kafka.ConfigEntryMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import io.kcrawler.workflow.KafkaCrawlWorkflowImpl;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a real broker with known topics, configs, groups and offsets, when the workflow crawls it
 * through Temporal's test server, then the output is exactly what was set up.
 */
class KafkaCrawlIntegrationTest {
  private static CrawlTestEnv env;
  private static EmbeddedKafkaCluster kafka;
  private static DemoData.Dataset dataset;
  private static CrawlSummary summary;
  private static Path output;

  @BeforeAll
  static void crawlTheDemoCluster() throws IOException {
    kafka = SharedKafka.cluster();
    dataset = SharedKafka.dataset();
    env = CrawlTestEnv.start();
    summary = env.crawl(CrawlRequest.of("demo", kafka.bootstrapServers()));
    output = Path.of(summary.outputLocation());
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void summaryCountsWhatWasSetUp() {
    assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.clusterId()).isEqualTo(kafka.clusterId());
    assertThat(summary.counts())
        .containsEntry("topics", (long) dataset.topics().size())
        .containsEntry(
            "partitions", dataset.topics().stream().mapToLong(DemoData.TopicSpec::partitions).sum())
        .containsEntry("consumerGroups", (long) dataset.groups().size())
        .containsEntry("brokers", 1L)
        .containsEntry("groupsWithoutMembers", 4L);
    assertThat(summary.phases())
        .extracting(PhaseSummary::phase, PhaseSummary::status)
        .contains(
            tuple("preflight", PhaseStatus.OK),
            tuple("topics", PhaseStatus.OK),
            tuple("topic-configs", PhaseStatus.OK),
            tuple("brokers", PhaseStatus.OK),
            tuple("consumer-groups", PhaseStatus.OK),
            tuple("publish", PhaseStatus.OK));
  }

  @Test
  void crawlSummaryJsonCarriesTheOverallStatusAndThePublishPhase() throws IOException {
    JsonNode file = new ObjectMapper().readTree(output.resolve("crawl-summary.json").toFile());

    assertThat(file.path("status").asText()).isEqualTo(summary.status().name());
    List<String> phases = new ArrayList<>();
    file.path("phases")
        .forEach(p -> phases.add(p.path("phase").asText() + ":" + p.path("status").asText()));
    assertThat(phases)
        .containsExactlyElementsOf(
            summary.phases().stream().map(p -> p.phase() + ":" + p.status()).toList());
    JsonNode publish = file.path("phases").get(phases.size() - 1);
    assertThat(publish.path("counts").path("assets").asLong()).isPositive();
    assertThat(publish.path("counts").path("filesWritten").asLong()).isPositive();
  }

  @Test
  void topicsHaveTheirPartitionsAndReplicationAndNoInternalTopicsByDefault() throws IOException {
    Map<String, TopicMetadata> topics =
        read("topics.jsonl", TopicMetadata.class, TopicMetadata::name);
    assertThat(topics.keySet())
        .containsExactlyInAnyOrderElementsOf(
            dataset.topics().stream().map(DemoData.TopicSpec::name).toList());
    for (DemoData.TopicSpec spec : dataset.topics()) {
      TopicMetadata t = topics.get(spec.name());
      assertThat(t.partitionCount()).as(spec.name()).isEqualTo(spec.partitions());
      assertThat(t.replicationFactor()).isEqualTo(1);
      assertThat(t.internal()).isFalse();
      assertThat(t.partitions())
          .allSatisfy(
              p -> {
                assertThat(p.leader()).isEqualTo(0);
                assertThat(p.isr()).containsExactly(0);
                assertThat(p.underReplicated()).isFalse();
              });
    }
  }

  @Test
  void everyConfigThatWasSetIsReportedAsNonDefaultWithItsSource() throws IOException {
    Map<String, TopicConfigs> configs =
        read("topic-configs.jsonl", TopicConfigs.class, TopicConfigs::topic);
    for (DemoData.TopicSpec spec : dataset.topics()) {
      TopicConfigs c = configs.get(spec.name());
      List<ConfigEntryMetadata> setByUs =
          c.entries().stream().filter(e -> e.source().equals("DYNAMIC_TOPIC_CONFIG")).toList();
      assertThat(setByUs)
          .as(spec.name())
          .extracting(ConfigEntryMetadata::name, ConfigEntryMetadata::value)
          .containsExactlyInAnyOrderElementsOf(
              spec.configs().entrySet().stream()
                  .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue()))
                  .toList());
      assertThat(setByUs).allSatisfy(e -> assertThat(e.isDefault()).isFalse());
      assertThat(c.entries()).anySatisfy(e -> assertThat(e.isDefault()).isTrue());
    }
  }

  @Test
  void committedOffsetsAndLagMatchWhatWasCommitted() throws IOException {
    Map<String, ConsumerGroupMetadata> groups =
        read("consumer-groups.jsonl", ConsumerGroupMetadata.class, ConsumerGroupMetadata::groupId);
    assertThat(groups).hasSize(dataset.groups().size());
    for (DemoData.GroupSpec spec : dataset.groups()) {
      ConsumerGroupMetadata g = groups.get(spec.groupId());
      Map<TopicPartition, ConsumerGroupMetadata.PartitionLag> byPartition =
          g.offsets().stream()
              .collect(Collectors.toMap(o -> new TopicPartition(o.topic(), o.partition()), o -> o));
      assertThat(byPartition.keySet())
          .containsExactlyInAnyOrderElementsOf(spec.committed().keySet());
      long expectedTotal = 0;
      for (Map.Entry<TopicPartition, Long> e : spec.committed().entrySet()) {
        long end = dataset.topic(e.getKey().topic()).recordsPerPartition();
        ConsumerGroupMetadata.PartitionLag lag = byPartition.get(e.getKey());
        assertThat(lag.committedOffset()).isEqualTo(e.getValue());
        assertThat(lag.logEndOffset()).isEqualTo(end);
        assertThat(lag.lag()).isEqualTo(end - e.getValue());
        expectedTotal += end - e.getValue();
      }
      assertThat(g.totalLag()).isEqualTo(expectedTotal);
      if (spec.liveMembers()) {
        assertThat(g.members()).isNotEmpty();
        assertThat(g.state()).isEqualTo("STABLE");
      } else {
        assertThat(g.members()).isEmpty();
        assertThat(g.state()).isEqualTo("EMPTY");
      }
    }
  }

  @Test
  void recordCountsAreEndMinusStartSummedOverPartitions() throws IOException {
    Map<String, TopicStats> stats = read("topic-stats.jsonl", TopicStats.class, TopicStats::topic);
    for (DemoData.TopicSpec spec : dataset.topics()) {
      long expected =
          spec.name().equals("ledger.entries")
              // Each transaction adds its record and a commit marker: Σ(end − start) counts both
              // (and a transaction refused while the topic was new, as the seeder measured).
              ? dataset.ledgerOffsets()
              : spec.records();
      assertThat(stats.get(spec.name()).recordCount()).as(spec.name()).isEqualTo(expected);
      assertThat(stats.get(spec.name()).sizeBytes()).isNotNull();
    }
    assertThat(stats.get("orders").consumerGroupCount()).isEqualTo(2);
  }

  @Test
  void brokersCarryAddressRackAndNonDefaultConfigsOnly() throws IOException {
    Map<Integer, BrokerMetadata> brokers =
        read("brokers.jsonl", BrokerMetadata.class, BrokerMetadata::id);
    BrokerMetadata b = brokers.get(0);
    assertThat(b.host()).isEqualTo("127.0.0.1");
    assertThat(b.rack()).isEqualTo("rack-0");
    assertThat(b.controller()).isTrue();
    assertThat(b.configs()).isNotEmpty().allSatisfy(c -> assertThat(c.isDefault()).isFalse());
    assertThat(b.configs()).anySatisfy(c -> assertThat(c.name()).isEqualTo("log.segment.bytes"));
  }

  @Test
  void includeAndExcludeRegexesSelectTopicsAndExcludeWins() throws IOException {
    CrawlSummary filtered =
        env.crawl(
            CrawlRequest.of("demo-filtered", kafka.bootstrapServers())
                .withTopicFilters(List.of("orders.*"), List.of("orders-dlt")));
    Map<String, TopicMetadata> topics =
        readFrom(
            Path.of(filtered.outputLocation()),
            "topics.jsonl",
            TopicMetadata.class,
            TopicMetadata::name);
    assertThat(topics.keySet()).containsExactlyInAnyOrder("orders", "orders.retry");
  }

  @Test
  void internalTopicsAreCrawledWhenAskedFor() throws IOException {
    CrawlRequest request =
        CrawlRequest.of("demo-internal", kafka.bootstrapServers()).toBuilder()
            .includeTopics(List.of("__.*"))
            .skipInternalTopics(false)
            .build();
    CrawlSummary s = env.crawl(request);
    Map<String, TopicMetadata> topics =
        readFrom(
            Path.of(s.outputLocation()), "topics.jsonl", TopicMetadata.class, TopicMetadata::name);
    assertThat(topics.keySet()).contains("__consumer_offsets", "__transaction_state");
    assertThat(topics.values()).allSatisfy(t -> assertThat(t.internal()).isTrue());
  }

  @Test
  void adminClientIsReleasedBesidePublishAndTheHistoryReplays() throws Exception {
    WorkflowStub stub =
        env.start(
            Json.mapper().valueToTree(CrawlRequest.of("demo-release", kafka.bootstrapServers())));
    CrawlStarter.await(stub);
    String workflowId = stub.getExecution().getWorkflowId();
    List<HistoryEvent> events = env.history(workflowId);
    Map<Long, String> activityOfScheduledEvent = new java.util.HashMap<>();
    long releaseScheduled = -1;
    long publishCompleted = -1;
    for (HistoryEvent e : events) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        String type = e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        activityOfScheduledEvent.put(e.getEventId(), type);
        if (type.equals("ReleaseConnection")) {
          releaseScheduled = e.getEventId();
        }
      }
      if (e.hasActivityTaskCompletedEventAttributes()
          && "Publish"
              .equals(
                  activityOfScheduledEvent.get(
                      e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))) {
        publishCompleted = e.getEventId();
      }
    }

    assertThat(releaseScheduled).isPositive();
    assertThat(publishCompleted).isGreaterThan(releaseScheduled);
    // The version marker keeps the change replay-safe; the recorded history replays cleanly.
    WorkflowReplayer.replayWorkflowExecution(
        env.client().fetchHistory(workflowId), KafkaCrawlWorkflowImpl.class);
  }

  private static <K, T> Map<K, T> read(String file, Class<T> type, Function<T, K> key)
      throws IOException {
    return readFrom(output, file, type, key);
  }

  static <K, T> Map<K, T> readFrom(Path dir, String file, Class<T> type, Function<T, K> key)
      throws IOException {
    List<T> records = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(file))) {
      if (!line.isBlank()) {
        records.add(Json.mapper().readValue(line, type));
      }
    }
    return records.stream().collect(Collectors.toMap(key, r -> r));
  }
}
