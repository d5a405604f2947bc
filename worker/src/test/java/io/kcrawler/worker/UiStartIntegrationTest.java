package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a worker, when a crawl is started the way the Temporal UI's Start Workflow form does it (a
 * raw StartWorkflowExecution with the type name, the task queue and one {@code json/plain} payload
 * holding exactly the bytes the person typed), then it succeeds; and a misspelled field fails with
 * INVALID_INPUT naming it, not a deserialization stack trace.
 */
class UiStartIntegrationTest {
  private static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    env = CrawlTestEnv.start();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  /** What the UI sends: no SDK data converter, the typed text as the payload's data. */
  private static String startAsTheUiDoes(String workflowId, String typedJson) {
    Payload input =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(typedJson, StandardCharsets.UTF_8))
            .build();
    StartWorkflowExecutionResponse response =
        env.client()
            .getWorkflowServiceStubs()
            .blockingStub()
            .startWorkflowExecution(
                StartWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setWorkflowId(workflowId)
                    .setWorkflowType(WorkflowType.newBuilder().setName("KafkaCrawlWorkflow"))
                    .setTaskQueue(TaskQueue.newBuilder().setName("kafka-crawler"))
                    .setInput(Payloads.newBuilder().addPayloads(input))
                    .setIdentity("temporal-ui")
                    .setRequestId(UUID.randomUUID().toString())
                    .build());
    return response.getRunId();
  }

  private static WorkflowStub stub(String workflowId, String runId) {
    return env.client().newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
  }

  @Test
  void aCrawlStartedAsTheUiDoesSucceeds() {
    // Formatted as a person would type it, with newlines and indentation.
    String typed =
        "{\n  \"connectionId\": \"ui-start\",\n  \"bootstrapServers\": \""
            + SharedKafka.cluster().bootstrapServers()
            + "\",\n  \"outputLocation\": \""
            + env.outputDir()
            + "\"\n}\n";

    String runId = startAsTheUiDoes("kafka-crawl-ui-start", typed);
    CrawlSummary summary = stub("kafka-crawl-ui-start", runId).getResult(CrawlSummary.class);

    assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.connectionId()).isEqualTo("ui-start");
    assertThat(summary.counts().get("topics")).isGreaterThanOrEqualTo(20);
  }

  @Test
  void aMisspelledFieldTypedIntoTheUiFailsWithInvalidInputNamingIt() {
    String typed = "{\"connectionId\": \"ui-typo\", \"bootstrapServer\": \"localhost:9092\"}";

    String runId = startAsTheUiDoes("kafka-crawl-ui-typo", typed);
    Throwable thrown =
        catchThrowable(() -> stub("kafka-crawl-ui-typo", runId).getResult(CrawlSummary.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("INVALID_INPUT");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("bootstrapServer:")
        .contains("bootstrapServers")
        .doesNotContain("Exception");
  }

  @Test
  void anUnknownFieldTypedIntoTheUiFailsWithInvalidInputNamingIt() {
    String typed =
        "{\"connectionId\": \"ui-unknown\", \"bootstrapServers\": \"localhost:9092\","
            + " \"topicFilter\": \"orders.*\"}";

    String runId = startAsTheUiDoes("kafka-crawl-ui-unknown", typed);
    Throwable thrown =
        catchThrowable(() -> stub("kafka-crawl-ui-unknown", runId).getResult(CrawlSummary.class));

    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("INVALID_INPUT");
    assertThat(failure.getOriginalMessage()).contains("topicFilter:");
  }
}
