package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.TaskQueues;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Given two workers on the shared queue, each with its own local artifact directory (two hosts),
 * when several crawls run, then each crawl's activities after preflight run on the host that ran
 * its preflight, so every crawl finds its artifacts and succeeds.
 */
class HostPinningIntegrationTest {

  @Test
  void activitiesAfterPreflightStayOnOneHost() throws Exception {
    String bootstrap = SharedKafka.cluster().bootstrapServers();
    Path otherHost = Files.createTempDirectory("kcrawler-host-b-");
    try (CrawlTestEnv env = CrawlTestEnv.start()) {
      env.addWorker(
          WorkerConfig.fromEnv(Map.of())
              .withDirs(otherHost.resolve("artifacts"), otherHost.resolve("output"))
              .withHostId("host-b"),
          new EnvFileSecretResolver());
      List<WorkflowStub> crawls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        crawls.add(env.start(Json.mapper().valueToTree(CrawlRequest.of("pinned-" + i, bootstrap))));
      }
      List<String> hosts = new ArrayList<>();
      for (WorkflowStub crawl : crawls) {
        assertThat(crawl.getResult(CrawlSummary.class).status()).isEqualTo(CrawlStatus.SUCCEEDED);
        List<String> queues =
            env.history(crawl.getExecution().getWorkflowId()).stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())
                .toList();
        assertThat(queues.get(0)).isEqualTo(TaskQueues.CRAWLER);
        List<String> rest = queues.subList(1, queues.size());
        assertThat(rest)
            .isNotEmpty()
            .allSatisfy(q -> assertThat(q).startsWith(TaskQueues.CRAWLER + "-host-"));
        assertThat(rest.stream().distinct()).hasSize(1);
        hosts.add(rest.get(0));
      }
      assertThat(hosts)
          .allSatisfy(
              h ->
                  assertThat(h)
                      .isIn(
                          TaskQueues.host(
                              TaskQueues.CRAWLER, WorkerConfig.fromEnv(Map.of()).hostId()),
                          TaskQueues.host(TaskQueues.CRAWLER, "host-b")));
    }
  }
}
