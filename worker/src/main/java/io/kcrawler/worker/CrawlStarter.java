package io.kcrawler.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlRequestParser;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.TaskQueues;
import io.kcrawler.workflow.KafkaCrawlWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;

/**
 * Starts crawls the way every entry point should: validated first (a bad request never reaches
 * Temporal), with the workflow id derived from the connection so only one crawl per connection runs
 * at a time, and with the request as plain JSON, exactly as the Temporal UI sends it.
 */
public final class CrawlStarter {
  /** Upper bound of one crawl, so a stuck crawl ends instead of blocking its connection forever. */
  public static final Duration CRAWL_EXECUTION_TIMEOUT = Duration.ofHours(6);

  private final WorkflowClient client;

  public CrawlStarter(WorkflowClient client) {
    this.client = client;
  }

  /** Thrown when the connection already has a crawl running. */
  public static final class AlreadyRunningException extends RuntimeException {
    public AlreadyRunningException(String workflowId) {
      super("a crawl of this connection is already running (workflow id " + workflowId + ")");
    }
  }

  /** Validates and starts; returns a stub to wait on. */
  public WorkflowStub start(JsonNode request) {
    String connectionId = CrawlRequestParser.parse(request).connectionId();
    String workflowId = KafkaCrawlWorkflow.workflowId(connectionId);
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            KafkaCrawlWorkflow.WORKFLOW_TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.CRAWLER)
                .setWorkflowExecutionTimeout(CRAWL_EXECUTION_TIMEOUT)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    try {
      stub.start(request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new AlreadyRunningException(workflowId);
    }
    return stub;
  }

  public static CrawlSummary await(WorkflowStub stub) {
    return stub.getResult(CrawlSummary.class);
  }
}
