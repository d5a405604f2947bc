package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.CrawlStarter;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a crawl served by a real worker process on a port-bound Temporal test server, when that
 * process is killed (SIGKILL) in the middle of the topics phase, then of topic configs and consumer
 * groups, then of publish, and a new worker process is started each time, then the crawl finishes
 * and publishes exactly the asset set of an uninterrupted crawl of the same cluster: nothing
 * missing, nothing duplicated.
 *
 * <p>The workers shorten heartbeat timeouts to {@link #TIMEOUT_CAP} (see {@link FaultInjection}):
 * with the production 60 s each kill would cost a minute before Temporal retries the activity.
 */
class WorkerKillIntegrationTest {
  static final Duration TIMEOUT_CAP = Duration.ofSeconds(8);
  static final Duration MARKER_WAIT = Duration.ofSeconds(90);

  private static TestServer.PortBoundTestServer server;
  private static WorkflowServiceStubs service;
  private static WorkflowClient client;
  private static int port;
  private static Path dir;
  private static final List<Process> workers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    FaultCluster.get();
    dir = Files.createTempDirectory("kcrawler-kill-");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // Time skipping locked: activity timeouts run on the wall clock, as on a real server.
    server = TestServer.createPortBoundServer(port, true);
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(service);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : workers) {
      p.destroyForcibly().waitFor();
    }
    service.shutdownNow();
    server.close();
  }

  @Test
  void killedInEveryLongPhaseTheCrawlFinishesWithTheSameAssetsAsAnUninterruptedOne()
      throws Exception {
    String bootstrap = FaultCluster.get().bootstrapServers();
    WorkflowStub interrupted = new CrawlStarter(client).start(request(bootstrap, "interrupted"));
    WorkflowExecution execution = interrupted.getExecution();

    killWhenFrozen(execution, startWorker("topics:1"), "topics");
    killWhenFrozen(
        execution,
        startWorker("topic-configs:1,consumer-groups:1"),
        "topic-configs",
        "consumer-groups");
    killWhenFrozen(execution, startWorker("publish:3"), "publish");
    startWorker("");
    CrawlSummary survived = CrawlStarter.await(interrupted);

    CrawlSummary baseline =
        CrawlStarter.await(new CrawlStarter(client).start(request(bootstrap, "uninterrupted")));

    assertThat(survived.status()).as(survived.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(crawled(survived.counts())).isEqualTo(crawled(baseline.counts()));
    assertThat(retriedActivities(execution))
        .as("activities that needed a second attempt")
        .contains("CrawlTopics", "CrawlTopicConfigs", "CrawlConsumerGroups", "Publish");

    Map<String, List<String>> expected = assets(dir.resolve("uninterrupted"));
    Map<String, List<String>> actual = assets(dir.resolve("interrupted"));
    assertThat(expected).containsKey("catalog/KafkaTopic.jsonl");
    assertThat(expected.get("catalog/KafkaTopic.jsonl"))
        .hasSizeGreaterThan(FaultCluster.BULK_TOPICS);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (file, lines) -> {
          assertThat(actual.get(file)).as(file).containsExactlyElementsOf(lines);
          assertThat(lines).as(file + " without duplicates").doesNotHaveDuplicates();
        });
  }

  /** What was crawled and published, without the change counts against the previous crawl. */
  private static Map<String, Long> crawled(Map<String, Long> counts) {
    Map<String, Long> m = new TreeMap<>(counts);
    m.keySet().removeAll(java.util.Set.of("created", "updated", "unchanged", "deleted"));
    return m;
  }

  private static JsonNode request(String bootstrap, String output) {
    ObjectNode json =
        Json.mapper()
            .valueToTree(
                CrawlRequest.of("kill-test", bootstrap)
                    .withOutputLocation(dir.resolve(output).toString()));
    return json;
  }

  private Process startWorker(String freezeAt) throws IOException {
    int n = workers.size();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            FaultWorkerMain.class.getName());
    Map<String, String> env = pb.environment();
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    env.put("KCRAWLER_ARTIFACT_DIR", dir.resolve("artifacts").toString());
    env.put("KCRAWLER_OUTPUT_DIR", dir.resolve("output").toString());
    env.put("KCRAWLER_TEST_FREEZE_AT", freezeAt);
    env.put("KCRAWLER_TEST_MARKER_DIR", dir.toString());
    env.put("KCRAWLER_TEST_TIMEOUT_CAP_SECONDS", String.valueOf(TIMEOUT_CAP.toSeconds()));
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("worker-" + n + ".log").toFile());
    Process p = pb.start();
    workers.add(p);
    return p;
  }

  /** Waits until {@code worker} froze in each of {@code phases}, then kills it with SIGKILL. */
  private static void killWhenFrozen(WorkflowExecution execution, Process worker, String... phases)
      throws Exception {
    long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
    for (String phase : phases) {
      Path marker = dir.resolve("frozen-" + phase);
      while (!Files.exists(marker)) {
        assertThat(worker.isAlive()).as("worker died before reaching " + phase).isTrue();
        assertThat(System.nanoTime())
            .as(
                () ->
                    "worker did not reach the middle of "
                        + phase
                        + "; history: "
                        + events(execution))
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      Files.delete(marker);
    }
    worker.destroyForcibly().waitFor();
  }

  private static String events(WorkflowExecution execution) {
    StringBuilder sb = new StringBuilder();
    for (HistoryEvent e :
        client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents()) {
      sb.append("\n  ").append(e.getEventId()).append(' ').append(e.getEventType());
      if (e.hasActivityTaskScheduledEventAttributes()) {
        sb.append(' ')
            .append(e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
      if (e.hasActivityTaskStartedEventAttributes()) {
        sb.append(" attempt ").append(e.getActivityTaskStartedEventAttributes().getAttempt());
      }
      if (e.hasActivityTaskFailedEventAttributes()) {
        sb.append(' ').append(e.getActivityTaskFailedEventAttributes().getFailure().getMessage());
      }
      if (e.hasActivityTaskTimedOutEventAttributes()) {
        sb.append(' ').append(e.getActivityTaskTimedOutEventAttributes().getFailure().getMessage());
      }
    }
    return sb.toString();
  }

  /** Activity types whose completing attempt was not the first. */
  private static List<String> retriedActivities(WorkflowExecution execution) {
    List<HistoryEvent> events =
        client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents();
    Map<Long, String> types = new HashMap<>();
    List<String> retried = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        types.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && e.getActivityTaskStartedEventAttributes().getAttempt() > 1) {
        retried.add(types.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId()));
      }
    }
    return retried;
  }

  /** Every JSON Lines file of the published catalog, each line normalized, sorted. */
  private static Map<String, List<String>> assets(Path output) throws IOException {
    Map<String, List<String>> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(output)) {
      for (Path f : all.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        String rel = output.relativize(f).toString();
        if (!rel.contains("catalog")) {
          continue;
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            lines.add(normalized(line));
          }
        }
        lines.sort(null);
        files.put(rel.substring(rel.indexOf("catalog")), lines);
      }
    }
    return files;
  }

  private static String normalized(String line) throws IOException {
    return Json.mapper().readTree(line).toString();
  }
}
