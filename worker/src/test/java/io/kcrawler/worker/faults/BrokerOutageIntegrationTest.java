package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a one-broker cluster that goes down right after the topics phase (stopped from the phase's
 * heartbeat), when it comes back within the retry budget the crawl finishes; when it stays down,
 * the crawl fails after the bounded retries of the next phase with a message naming the phase and
 * the brokers — it does not hang. The request lowers the Admin client's API timeout (an allowed
 * {@code clientProperties} key) so one attempt gives up in seconds, not the default 60 s.
 */
class BrokerOutageIntegrationTest {
  private static EmbeddedKafkaCluster kafka;
  private static CrawlTestEnv env;
  private static volatile Runnable afterTopics = () -> {};

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaCluster.builder().start();
    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("outage.a", 3, (short) 1), new NewTopic("outage.b", 1, (short) 1)))
          .all()
          .get();
      io.kcrawler.devkit.DemoData.awaitLeaders(admin, List.of("outage.a", "outage.b"));
    }
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(),
            FaultInjection.options(
                (phase, n) -> {
                  if (phase.equals("topics") && n == 1) {
                    Runnable r = afterTopics;
                    afterTopics = () -> {};
                    r.run();
                  }
                },
                null));
  }

  @AfterAll
  static void stop() {
    env.close();
    kafka.close();
  }

  private static ObjectNode request(String connectionId) {
    ObjectNode json =
        Json.mapper().valueToTree(CrawlRequest.of(connectionId, kafka.bootstrapServers()));
    json.putObject("clientProperties")
        .put("default.api.timeout.ms", "4000")
        .put("request.timeout.ms", "2000");
    return json;
  }

  @Test
  void brokerBackWithinTheRetryBudgetTheCrawlFinishes() {
    afterTopics =
        () -> {
          kafka.stopNode(0);
          CompletableFuture.runAsync(
              () -> kafka.restartNode(0), CompletableFuture.delayedExecutor(8, TimeUnit.SECONDS));
        };

    CrawlSummary summary = env.crawl(request("outage-short"));

    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.counts()).containsEntry("topics", 2L).containsEntry("partitions", 4L);
  }

  @Test
  void brokerDownLongerThanTheBudgetFailsClearlyNamingThePhaseAndTheBrokers() {
    afterTopics = () -> kafka.stopNode(0);
    long t0 = System.nanoTime();
    try {
      WorkflowStub stub = env.start(request("outage-long"));
      Throwable thrown = catchThrowable(() -> stub.getResult(CrawlSummary.class));

      assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo("CLUSTER_UNREACHABLE");
      assertThat(failure.getOriginalMessage())
          .startsWith("topic-configs phase failed")
          .contains(kafka.bootstrapServers());
      int lastAttempt =
          env.history(stub.getExecution().getWorkflowId()).stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
              .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
              .max()
              .orElse(0);
      assertThat(lastAttempt)
          .isEqualTo(io.kcrawler.workflow.CrawlActivityPolicies.TOPIC_CONFIGS.maximumAttempts());
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(3));
    } finally {
      kafka.restartNode(0);
    }
  }
}
