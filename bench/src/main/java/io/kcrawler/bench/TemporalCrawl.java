package io.kcrawler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * (a) The full crawl: Temporal's test server in this JVM with the production worker wiring ({@link
 * CrawlerWorker}) on it; one workflow per crawl, started as the UI would. The test server keeps
 * real time (no time skipping), so the times in a crawl's history are wall-clock times.
 */
final class TemporalCrawl implements AutoCloseable {
  /**
   * A crawl's summary, its wall time from the start call to the result at the client, the largest
   * payload anywhere in its history, and where its time went before publish (null when it did not
   * get there).
   */
  record Result(
      CrawlSummary summary, long millis, int largestPayloadBytes, CrawlTimeline timeline) {}

  private final TestWorkflowEnvironment env;
  private final CrawlerWorker worker;

  /** A worker publishing to the file sink (the crawl's output directory). */
  TemporalCrawl(Path dir) {
    this(dir, CatalogSinkConfig.file(), new EnvFileSecretResolver());
  }

  /** A worker publishing through {@code sink}, its token resolved by {@code secrets}. */
  TemporalCrawl(Path dir, CatalogSinkConfig sink, SecretResolver secrets) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    WorkerConfig config =
        WorkerConfig.fromEnv(Map.of())
            .withDirs(dir.resolve("artifacts"), dir.resolve("output"))
            .withCatalog(sink);
    worker = CrawlerWorker.onClient(config, env.getWorkflowClient(), secrets);
    worker.start();
  }

  Result crawl(String connectionId, String bootstrap, String registryUrl, boolean levels) {
    return crawl(connectionId, request(connectionId, bootstrap, registryUrl, levels, null));
  }

  /** A crawl of {@code request} (JSON as {@link #request} builds it). */
  Result crawl(String connectionId, JsonNode request) {
    WorkflowStub stub =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                "KafkaCrawlWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("bench-" + connectionId)
                    .setTaskQueue("kafka-crawler")
                    .build());
    long t0 = System.currentTimeMillis();
    stub.start(request);
    CrawlSummary summary = stub.getResult(CrawlSummary.class);
    long millis = System.currentTimeMillis() - t0;
    // Read after the clock stopped: the history is the bench's, not the crawl's.
    List<HistoryEvent> events =
        env.getWorkflowClient().fetchHistory(stub.getExecution().getWorkflowId()).getEvents();
    return new Result(summary, millis, largestPayload(events), CrawlTimeline.of(events, t0));
  }

  /**
   * The request of every crawl of the bench, as JSON a person would type in the UI. With {@code
   * levels} the registry settings are the defaults (per-subject compatibility levels read, one call
   * per subject under the worker's default quota); without, levels are turned off, which leaves the
   * registry a few listing calls.
   */
  static JsonNode request(
      String connectionId, String bootstrap, String registryUrl, boolean levels) {
    return request(connectionId, bootstrap, registryUrl, levels, null);
  }

  /**
   * As above, published under the existing Atlan connection {@code atlanConnection} if not null.
   */
  static JsonNode request(
      String connectionId,
      String bootstrap,
      String registryUrl,
      boolean levels,
      String atlanConnection) {
    SchemaRegistryConfig registry =
        new SchemaRegistryConfig(
            registryUrl,
            "NONE",
            null,
            null,
            null,
            null,
            null,
            levels ? null : false,
            null,
            null,
            null,
            null);
    CrawlRequest request =
        CrawlRequest.of(connectionId, bootstrap)
            .withSchemaRegistry(registry)
            .withAtlanConnectionQualifiedName(atlanConnection);
    return Json.mapper().valueToTree(request);
  }

  static int largestPayload(List<HistoryEvent> events) {
    int[] max = {0};
    events.forEach(e -> walk(e, max));
    return max[0];
  }

  /** Walks any protobuf message and keeps the size of the largest Payload inside it. */
  private static void walk(Message message, int[] max) {
    if (message instanceof Payload p) {
      max[0] = Math.max(max[0], p.getSerializedSize());
      return;
    }
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (value instanceof Message m) {
                walk(m, max);
              } else if (value instanceof List<?> list) {
                list.stream()
                    .filter(Message.class::isInstance)
                    .forEach(v -> walk((Message) v, max));
              } else if (value instanceof Map<?, ?> map) {
                map.values().stream()
                    .filter(Message.class::isInstance)
                    .forEach(v -> walk((Message) v, max));
              }
            });
  }

  @Override
  public void close() {
    worker.close();
    env.close();
  }
}
