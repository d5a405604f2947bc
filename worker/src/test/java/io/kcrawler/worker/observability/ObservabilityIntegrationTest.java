package io.kcrawler.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.worker.WorkerConfig;
import io.kcrawler.worker.support.SharedKafka;
import io.kcrawler.worker.temporal.TemporalConnection;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Given a worker wired as {@code kcrawler worker} wires it ({@link ObservedWorker}: the production
 * connection path, the SDK's metrics scope, the activity interceptor, the health endpoint), when a
 * crawl has run, then the Prometheus endpoint serves the crawl's metrics and Temporal's, every log
 * line of its activities carries workflowId, runId, connectionId and phase, and readiness follows
 * the worker's polling.
 */
class ObservabilityIntegrationTest {
  private static final HttpClient http = HttpClient.newHttpClient();
  private static TestServer.PortBoundTestServer temporal;
  private static ObservedWorker observed;
  private static WorkflowServiceStubs clientService;
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private static CrawlSummary summary;
  private static String runId;
  private static int readyBeforeStart;

  @TempDir static Path dir;

  @BeforeAll
  static void crawlOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    temporal = TestServer.createPortBoundServer(port, true);
    TemporalConnection connection = TemporalConnection.plain("127.0.0.1:" + port, "default");
    observed =
        ObservedWorker.create(
            WorkerConfig.fromEnv(Map.of()).withDirs(dir.resolve("a"), dir.resolve("o")),
            connection,
            new ObservabilityConfig(0, 0));
    readyBeforeStart = get(observed.healthPort(), "/health/ready").statusCode();
    observed.start();

    logs.start();
    ((Logger) LoggerFactory.getLogger("io.kcrawler")).addAppender(logs);
    clientService = connection.newServiceStubs(null);
    CrawlRequest request =
        CrawlRequest.of("observed", SharedKafka.cluster().bootstrapServers())
            .withOutputLocation(dir.resolve("o").toString());
    var stub =
        new CrawlStarter(connection.newClient(clientService))
            .start(Json.mapper().valueToTree(request));
    runId = stub.getExecution().getRunId();
    summary = CrawlStarter.await(stub);
    ((Logger) LoggerFactory.getLogger("io.kcrawler")).detachAppender(logs);
  }

  @AfterAll
  static void stop() {
    observed.close();
    clientService.shutdownNow();
    temporal.close();
  }

  @Test
  void prometheusEndpointServesTheCrawlMetricsWithTheirValues() throws Exception {
    assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
    String scrape = get(observed.metricsPort(), "/metrics").body();

    assertThat(
            value(
                scrape, "kcrawler_phase_duration_seconds_count", "outcome=\"ok\",phase=\"topics\""))
        .isEqualTo(1.0);
    assertThat(
            value(scrape, "kcrawler_phase_duration_seconds_sum", "outcome=\"ok\",phase=\"topics\""))
        .isPositive();
    assertThat(value(scrape, "kcrawler_phase_items_total", "item=\"topics\",phase=\"topics\""))
        .isEqualTo(summary.counts().get("topics").doubleValue());
    assertThat(
            value(
                scrape,
                "kcrawler_phase_items_total",
                "item=\"consumerGroups\",phase=\"consumer-groups\""))
        .isEqualTo(summary.counts().get("consumerGroups").doubleValue());
    assertThat(
            value(
                scrape,
                "kcrawler_requests_total",
                "activity=\"CrawlTopics\",outcome=\"ok\",system=\"kafka\""))
        .isEqualTo(1.0);
    assertThat(
            value(
                scrape,
                "kcrawler_requests_total",
                "activity=\"Publish\",outcome=\"ok\",system=\"catalog\""))
        .isEqualTo(1.0);
    assertThat(value(scrape, "kcrawler_denied_operations_total", "phase=\"topics\"")).isZero();
    assertThat(scrape).doesNotContain("kcrawler_request_errors_total{");
  }

  @Test
  void prometheusEndpointServesTheTemporalSdkMetrics() throws Exception {
    // The SDK's tally scope flushes to Micrometer every second, and a metric recorded just
    // after one flush (the final RespondWorkflowTaskCompleted's request counter, say) only shows
    // up in the next: wait for every metric asserted below, not just one of them.
    List<String> expected =
        List.of(
            "temporal_activity_execution_latency_seconds_count{activity_type=\"CrawlTopics\"",
            "temporal_workflow_endtoend_latency_seconds_count",
            "temporal_request_total");
    String scrape = "";
    for (int i = 0; i < 100 && !containsAll(scrape, expected); i++) {
      Thread.sleep(100);
      scrape = get(observed.metricsPort(), "/metrics").body();
    }
    assertThat(scrape)
        .containsPattern(
            "temporal_activity_execution_latency_seconds_count\\{activity_type=\"CrawlTopics\"")
        .contains("temporal_workflow_endtoend_latency_seconds_count")
        .contains("temporal_request_total");
  }

  @Test
  void everyActivityLogLineCarriesWorkflowRunConnectionAndPhase() {
    List<ILoggingEvent> activityLines =
        logs.list.stream().filter(e -> e.getThreadName().startsWith("Activity Executor")).toList();

    assertThat(activityLines).isNotEmpty();
    assertThat(activityLines)
        .allSatisfy(
            e -> {
              Map<String, String> mdc = e.getMDCPropertyMap();
              assertThat(mdc)
                  .as(e.getFormattedMessage())
                  .containsEntry("workflowId", "kafka-crawl-observed")
                  .containsEntry("runId", runId)
                  .containsEntry("connectionId", "observed")
                  .containsKey("phase");
            });
    assertThat(activityLines)
        .extracting(e -> e.getMDCPropertyMap().get("phase"))
        .contains("preflight", "publish");
  }

  @Test
  void notReadyWhileTemporalIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ObservedWorker cut =
        ObservedWorker.create(
            WorkerConfig.fromEnv(Map.of()).withDirs(dir.resolve("a2"), dir.resolve("o2")),
            TemporalConnection.plain("127.0.0.1:" + closedPort, "default"),
            new ObservabilityConfig(-1, 0))) {
      // The SDK checks the namespace when the factory starts, so this start fails.
      Throwable startFailure = catchThrowable(cut::start);

      assertThat(startFailure).isNotNull();
      assertThat(cut.metricsPort()).isEqualTo(-1);
      assertThat(get(cut.healthPort(), "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(cut.healthPort(), "/health/ready").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void healthSaysLiveAndReadyOnlyWhilePolling() throws Exception {
    assertThat(readyBeforeStart).isEqualTo(503);
    assertThat(get(observed.healthPort(), "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get(observed.healthPort(), "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"polling\":true");
    assertThat(get(observed.healthPort(), "/health/other").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one series; tags as Prometheus prints them, sorted by name. */
  private static double value(String scrape, String name, String tags) {
    Matcher m =
        Pattern.compile(
                "^" + Pattern.quote(name + "{" + tags) + "[^}]*\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    assertThat(m.find()).as(name + "{" + tags + "} in\n" + scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static boolean containsAll(String scrape, List<String> needles) {
    return needles.stream().allMatch(scrape::contains);
  }
}
