package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.TaskQueues;
import io.kcrawler.worker.WorkerConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a SaaS worker without any secret store and a self-deployed runtime (SDR) worker holding the
 * customer's secret, when a crawl names the runtime, then every activity runs on the runtime's
 * queue, the crawl succeeds and the SaaS side never resolves (holds) the secret; a runtime nobody
 * runs is reported as RUNTIME_OFFLINE, not a hang.
 */
class SelfDeployedRuntimeIntegrationTest {
  private static SecureCluster cluster;
  private static CrawlTestEnv env;
  private static final AtomicInteger saasResolutions = new AtomicInteger();

  /** The SaaS side's resolver: it has no store and counts any attempt to use one. */
  private static final SecretResolver SAAS_HAS_NO_SECRETS =
      ref -> {
        saasResolutions.incrementAndGet();
        throw new IllegalStateException("the SaaS worker must never resolve " + ref);
      };

  @BeforeAll
  static void start() throws Exception {
    cluster = new SecureCluster();
    env = CrawlTestEnv.start(SAAS_HAS_NO_SECRETS, WorkerFactoryOptions.getDefaultInstance());
    env.addWorker(
        WorkerConfig.Mode.SDR,
        "acme-dc1",
        new EnvFileSecretResolver(Map.of("KAFKA_PASSWORD", SecureCluster.CRAWLER_PASSWORD)));
  }

  @AfterAll
  static void stop() {
    env.close();
    cluster.close();
  }

  @Test
  void crawlRunsOnTheRuntimeAndTheSaasSideNeverHoldsTheSecret() {
    WorkflowStub stub =
        env.start(
            Json.mapper()
                .valueToTree(
                    cluster
                        .request("sdr", "crawler", "env:KAFKA_PASSWORD")
                        .withRuntimeId("acme-dc1")));
    CrawlSummary summary = stub.getResult(CrawlSummary.class);

    assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.counts()).containsEntry("topics", (long) cluster.dataset.topics().size());
    assertThat(saasResolutions.get()).isZero();
    assertThat(
            env.history(stub.getExecution().getWorkflowId()).stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName()))
        .isNotEmpty()
        .allSatisfy(q -> assertThat(q).startsWith(TaskQueues.runtime("acme-dc1")));
  }

  @Test
  void aRuntimeThatIsNotRunningIsReportedOfflineNotAHang() {
    WorkflowStub stub =
        env.start(
            Json.mapper()
                .valueToTree(
                    cluster
                        .request("sdr-offline", "crawler", "env:KAFKA_PASSWORD")
                        .withRuntimeId("nobody-home")));

    // Waits the real schedule-to-start timeout (2 min): the test server's time skipping does
    // not advance past an activity that no worker polls for.
    Throwable thrown = catchThrowable(() -> stub.getResult(CrawlSummary.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("RUNTIME_OFFLINE");
    assertThat(failure.getOriginalMessage())
        .contains("nobody-home", TaskQueues.runtime("nobody-home"), "preflight");
  }
}
