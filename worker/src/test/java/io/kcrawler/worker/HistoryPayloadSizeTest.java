package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a cluster of 2,000+ topics, when it is crawled, then no payload anywhere in the workflow
 * history reaches 256 KB: the records travel by reference, only counts and refs in history.
 */
class HistoryPayloadSizeTest {
  static final int TOPICS = 2_100;
  static final int LIMIT_BYTES = 256 * 1024;

  private static EmbeddedKafkaCluster kafka;
  private static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaCluster.builder().start();
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 0; i < TOPICS; i++) {
      topics.add(
          new NewTopic(
              String.format("bulk.topic-with-a-long-realistic-name-%05d", i), 1, (short) 1));
    }
    kafka.createTopics(topics, Duration.ofMinutes(3));
    env = CrawlTestEnv.start();
  }

  @AfterAll
  static void stop() {
    env.close();
    kafka.close();
  }

  @Test
  void everyPayloadInHistoryStaysUnder256KbForABigCluster() {
    WorkflowStub stub =
        env.start(Json.mapper().valueToTree(CrawlRequest.of("big", kafka.bootstrapServers())));
    CrawlSummary summary = stub.getResult(CrawlSummary.class);
    assertThat(summary.counts().get("topics")).as(summary.toString()).isEqualTo(TOPICS);

    List<HistoryEvent> history = env.history(stub.getExecution().getWorkflowId());
    List<Payload> payloads = new ArrayList<>();
    history.forEach(e -> collectPayloads(e, payloads));
    assertThat(payloads).hasSizeGreaterThan(10);
    int largest = payloads.stream().mapToInt(Payload::getSerializedSize).max().orElse(0);
    assertThat(largest).isLessThan(LIMIT_BYTES);
    // The whole event, not only its payloads, stays far below the limit as well.
    assertThat(history).allSatisfy(e -> assertThat(e.getSerializedSize()).isLessThan(LIMIT_BYTES));
  }

  /** Walks any protobuf message and collects every Payload inside it. */
  private static void collectPayloads(Message message, List<Payload> out) {
    if (message instanceof Payload p) {
      out.add(p);
      return;
    }
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (value instanceof Message m) {
                collectPayloads(m, out);
              } else if (value instanceof List<?> list) {
                list.stream()
                    .filter(Message.class::isInstance)
                    .forEach(v -> collectPayloads((Message) v, out));
              } else if (value instanceof java.util.Map<?, ?> map) {
                map.values().stream()
                    .filter(Message.class::isInstance)
                    .forEach(v -> collectPayloads((Message) v, out));
              }
            });
  }
}
