package io.kcrawler.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * Temporal's test server (time skipping on, so activity timeouts cost no real time) with the real
 * workflow and {@link FakeActivities} on the crawler's queue: a crawl in milliseconds.
 */
final class WorkflowTier implements AutoCloseable {
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final FakeActivities activities;

  WorkflowTier(FakeActivities activities, String... extraActivityQueues) {
    this(KafkaCrawlWorkflowImpl.class, activities, extraActivityQueues);
  }

  /** With another implementation of the workflow (an older version, to record its history). */
  WorkflowTier(
      Class<? extends KafkaCrawlWorkflow> workflow,
      FakeActivities activities,
      String... extraActivityQueues) {
    this.activities = activities;
    Worker worker = env.newWorker(TaskQueues.CRAWLER);
    worker.registerWorkflowImplementationTypes(workflow);
    worker.registerActivitiesImplementations(activities);
    for (String queue : extraActivityQueues) {
      env.newWorker(queue).registerActivitiesImplementations(activities);
    }
    env.start();
  }

  static JsonNode request(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode minimal() {
    return request("{\"connectionId\":\"c1\",\"bootstrapServers\":\"broker-1:9092\"}");
  }

  static JsonNode withRegistry() {
    return request(
        "{\"connectionId\":\"c1\",\"bootstrapServers\":\"broker-1:9092\","
            + "\"schemaRegistry\":{\"url\":\"http://registry:8081\"}}");
  }

  KafkaCrawlWorkflow stub(String workflowId) {
    WorkflowClient client = env.getWorkflowClient();
    return client.newWorkflowStub(
        KafkaCrawlWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.CRAWLER)
            .build());
  }

  CrawlSummary crawl(String workflowId, JsonNode request) {
    return stub(workflowId).crawl(request);
  }

  WorkflowExecutionHistory history(String workflowId) {
    return env.getWorkflowClient().fetchHistory(workflowId);
  }

  @Override
  public void close() {
    env.close();
  }
}
