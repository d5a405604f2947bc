package io.kcrawler.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Crawls one Kafka connection. The input is the request JSON exactly as typed (Temporal UI, CLI,
 * schedule): it is taken as a JSON tree so a wrong field becomes a clear INVALID_INPUT failure
 * naming it, instead of a payload that cannot be decoded.
 */
@WorkflowInterface
public interface KafkaCrawlWorkflow {

  /** The workflow type name people type into the Temporal UI. */
  String WORKFLOW_TYPE = "KafkaCrawlWorkflow";

  /** Workflow id of the crawl of a connection: one crawl per connection at a time. */
  static String workflowId(String connectionId) {
    return "kafka-crawl-" + connectionId;
  }

  @WorkflowMethod(name = WORKFLOW_TYPE)
  CrawlSummary crawl(JsonNode request);

  /**
   * The phases so far: finished ones with their status, the running ones as {@link
   * PhaseStatus#RUNNING}.
   */
  @QueryMethod
  List<PhaseSummary> progress();
}
