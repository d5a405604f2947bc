package io.kcrawler.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Temporal's test server with a real crawler worker (the production wiring) on it, and temp
 * directories for artifacts and output. One per test class.
 */
public final class CrawlTestEnv implements AutoCloseable {
  private final TestWorkflowEnvironment env;
  private final CrawlerWorker worker;
  private final Path dir;
  private final List<CrawlerWorker> extraWorkers = new java.util.ArrayList<>();

  private CrawlTestEnv(
      SecretResolver secrets,
      WorkerFactoryOptions factoryOptions,
      java.util.function.UnaryOperator<WorkerConfig> configure)
      throws IOException {
    dir = Files.createTempDirectory("kcrawler-test-");
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().build());
    WorkerConfig config =
        configure.apply(
            WorkerConfig.fromEnv(Map.of())
                .withDirs(dir.resolve("artifacts"), dir.resolve("output")));
    worker = CrawlerWorker.onClient(config, env.getWorkflowClient(), secrets, factoryOptions);
    worker.start();
  }

  public static CrawlTestEnv start() throws IOException {
    return start(new EnvFileSecretResolver(), WorkerFactoryOptions.getDefaultInstance());
  }

  public static CrawlTestEnv start(SecretResolver secrets, WorkerFactoryOptions options)
      throws IOException {
    return new CrawlTestEnv(secrets, options, c -> c);
  }

  /** With the worker's configuration changed by {@code configure} (e.g. another catalog sink). */
  public static CrawlTestEnv start(
      SecretResolver secrets, java.util.function.UnaryOperator<WorkerConfig> configure)
      throws IOException {
    return new CrawlTestEnv(secrets, WorkerFactoryOptions.getDefaultInstance(), configure);
  }

  /** Another worker on the same Temporal (e.g. a self-deployed runtime); closed with this env. */
  public CrawlerWorker addWorker(WorkerConfig.Mode mode, String runtimeId, SecretResolver secrets) {
    return addWorker(
        WorkerConfig.fromEnv(Map.of())
            .withMode(mode, runtimeId)
            .withDirs(dir.resolve("artifacts"), dir.resolve("output")),
        secrets);
  }

  /** Another worker with its own configuration (e.g. another host with its own disk). */
  public CrawlerWorker addWorker(WorkerConfig config, SecretResolver secrets) {
    CrawlerWorker extra = CrawlerWorker.onClient(config, env.getWorkflowClient(), secrets);
    extra.start();
    extraWorkers.add(extra);
    return extra;
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  public Path outputDir() {
    return dir.resolve("output");
  }

  public Path artifactDir() {
    return dir.resolve("artifacts");
  }

  /** Starts a crawl as the UI does (type name, one JSON payload) and waits for it. */
  public CrawlSummary crawl(CrawlRequest request) {
    return crawl(Json.mapper().valueToTree(request));
  }

  public CrawlSummary crawl(JsonNode request) {
    return CrawlStarter.await(start(request));
  }

  /** Starts without the CLI's validation, exactly as the Temporal UI would. */
  public WorkflowStub start(JsonNode request) {
    WorkflowStub stub =
        client()
            .newUntypedWorkflowStub(
                "KafkaCrawlWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("test-" + java.util.UUID.randomUUID())
                    .setTaskQueue("kafka-crawler")
                    .build());
    stub.start(request);
    return stub;
  }

  /**
   * How a crawl that must fail ended: the workflow's failure, the attempt number of every activity
   * task started, and the activity types scheduled, in order.
   */
  public record FailedCrawl(
      ApplicationFailure failure, List<Integer> attempts, List<String> activities) {}

  /** Starts {@code request} as the UI does and waits for it to fail. */
  public FailedCrawl failedCrawl(CrawlRequest request) {
    WorkflowStub stub = start(Json.mapper().valueToTree(request));
    try {
      CrawlSummary summary = stub.getResult(CrawlSummary.class);
      throw new AssertionError("the crawl succeeded: " + summary);
    } catch (WorkflowFailedException e) {
      if (!(e.getCause() instanceof ApplicationFailure failure)) {
        throw new AssertionError("the crawl failed without an ApplicationFailure", e);
      }
      List<HistoryEvent> events = history(stub.getExecution().getWorkflowId());
      return new FailedCrawl(
          failure,
          events.stream()
              .filter(h -> h.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
              .map(h -> h.getActivityTaskStartedEventAttributes().getAttempt())
              .toList(),
          events.stream()
              .filter(h -> h.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
              .map(h -> h.getActivityTaskScheduledEventAttributes().getActivityType().getName())
              .toList());
    }
  }

  public List<HistoryEvent> history(String workflowId) {
    return client().fetchHistory(workflowId).getEvents();
  }

  @Override
  public void close() {
    extraWorkers.forEach(CrawlerWorker::close);
    worker.close();
    env.close();
  }
}
