package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.activities.SchemaRegistryActivities;
import io.kcrawler.model.kafka.TopicMetadata;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a registry that answers 429 with {@code Retry-After: 90}, when the schema phase runs as a
 * Temporal activity whose heartbeat timeout is a fraction of the wait, then the activity heartbeats
 * while it waits: it finishes on its first attempt and Temporal never starts a second one beside
 * it. (The wait is capped at 8 s here against a 2 s heartbeat timeout; in production, at 60 s
 * against 60 s.)
 */
class SchemaRegistryHeartbeatContractTest {
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(8);

  @WorkflowInterface
  public interface SchemaPhaseWorkflow {
    @WorkflowMethod
    PhaseResult run(CrawlContext context, ArtifactRef topics);
  }

  /** Runs the schema phase alone, with a short heartbeat timeout and retries allowed. */
  public static class SchemaPhaseWorkflowImpl implements SchemaPhaseWorkflow {
    private final SchemaRegistryActivities schemas =
        Workflow.newActivityStub(
            SchemaRegistryActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(100))
                        .setMaximumAttempts(3)
                        .build())
                .build());

    @Override
    public PhaseResult run(CrawlContext context, ArtifactRef topics) {
      return schemas.crawlSchemas(context, topics);
    }
  }

  @Test
  void givenA429WithALongRetryAfter_whenTheActivityWaits_thenItHeartbeatsAndNeedsOneAttempt(
      @TempDir Path dir) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (SchemaRegistryContractServer registry = SchemaRegistryContractServer.start();
        // Real time: with time skipping the test server would fire the heartbeat timeout early.
        TestWorkflowEnvironment env =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build())) {
      registry.register("orders-value", "AVRO", "{\"type\":\"string\"}");
      registry.rateLimitNext(1, 90);
      Worker worker = env.newWorker("schemas");
      worker.registerWorkflowImplementationTypes(SchemaPhaseWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new SchemaRegistryActivitiesImpl(
              store,
              new EnvFileSecretResolver(),
              mapper,
              SchemaCrawlFixture.FAST.withMaxRetryAfter(RETRY_AFTER_CAP)));
      env.start();
      CrawlContext context =
          new CrawlContext(
              "wf",
              "run",
              CrawlRequest.of("conn", "localhost:9092")
                  .withSchemaRegistry(SchemaCrawlFixture.registry(registry.url())),
              CrawlContext.prefixFor("conn", "run"));
      ArtifactRef topics;
      try (JsonLines.Writer<TopicMetadata> w =
          JsonLines.writer(store, context.artifactKey(ArtifactKinds.TOPICS), mapper)) {
        w.write(new TopicMetadata("orders", "id-orders", false, 1, 1, 0, 0, List.of()));
        topics = w.finish();
      }
      SchemaPhaseWorkflow workflow =
          env.getWorkflowClient()
              .newWorkflowStub(
                  SchemaPhaseWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("schemas")
                      .setWorkflowId("schema-heartbeat")
                      .build());

      long start = System.nanoTime();
      PhaseResult result = workflow.run(context, topics);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isGreaterThanOrEqualTo(RETRY_AFTER_CAP);
      assertThat(result.counts()).containsEntry("subjects", 1L);
      List<HistoryEvent> events =
          env.getWorkflowClient().fetchHistory("schema-heartbeat").getEvents();
      assertThat(events)
          .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
          .singleElement()
          .satisfies(
              e -> assertThat(e.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(1));
      assertThat(events)
          .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
      // No second attempt ran beside the first: the registry saw the global config read once
      // (refused), then once more after the wait, and nothing else twice.
      assertThat(registry.requests().stream().map(Object::toString).filter("GET /config"::equals))
          .hasSize(2);
    }
  }
}
