package io.kcrawler.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Through Temporal's in-process test server: what the history stores is ciphertext. */
class CodecDataConvertersTest {
  private static final String TASK_QUEUE = "codec-test";
  private static final String SECRET_DETAIL = "password=hunter2-on-broker-7";
  private static TestWorkflowEnvironment env;

  @WorkflowInterface
  public interface FailingWorkflow {
    @WorkflowMethod
    void run(String detail);
  }

  public static class FailingWorkflowImpl implements FailingWorkflow {
    @Override
    public void run(String detail) {
      throw ApplicationFailure.newNonRetryableFailure("login rejected: " + detail, "AUTH_FAILED");
    }
  }

  @BeforeAll
  static void startTemporal() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(
                            CodecDataConverters.encrypted(AesGcmPayloadCodecTest.rotatedCodec()))
                        .build())
                .build());
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(FailingWorkflowImpl.class);
    env.start();
  }

  @AfterAll
  static void stopTemporal() {
    env.close();
  }

  @Test
  void
      givenEncryptingConverter_whenWorkflowFails_thenHistoryHoldsOnlyCiphertextOfInputAndFailure() {
    WorkflowClient client = env.getWorkflowClient();
    String workflowId = "codec-failure-1";
    FailingWorkflow workflow =
        client.newWorkflowStub(
            FailingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(workflowId)
                .build());

    WorkflowFailedException failed =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.run(SECRET_DETAIL));

    // The client holds the key, so it sees the original message.
    assertThat(((ApplicationFailure) failed.getCause()).getOriginalMessage())
        .isEqualTo("login rejected: " + SECRET_DETAIL);

    History history = client.fetchHistory(workflowId).getHistory();
    HistoryEvent failedEvent =
        history.getEventsList().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)
            .findFirst()
            .orElseThrow();
    Failure failure = failedEvent.getWorkflowExecutionFailedEventAttributes().getFailure();
    assertThat(failure.getMessage()).isEqualTo("Encoded failure");
    assertThat(failure.getStackTrace()).isEmpty();
    assertThat(failure.getEncodedAttributes().getMetadataOrThrow("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(new String(history.toByteArray(), StandardCharsets.ISO_8859_1))
        .as("neither the input nor the failure message is stored in clear")
        .doesNotContain("hunter2");
  }
}
