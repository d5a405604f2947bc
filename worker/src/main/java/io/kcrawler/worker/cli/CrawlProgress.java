package io.kcrawler.worker.cli;

import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.ProgressDetails;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a running crawl for a person: phase changes from the workflow's {@code progress()} query,
 * and items done/total of running phases from the heartbeat details of its pending activities. A
 * line is printed only when something changed.
 */
final class CrawlProgress {
  private final WorkflowClient client;
  private final WorkflowStub stub;
  private final PrintStream out;
  private final Map<String, PhaseStatus> printedPhases = new HashMap<>();
  private final Map<String, String> printedHeartbeats = new HashMap<>();
  private boolean progressUnreadable;

  CrawlProgress(WorkflowClient client, WorkflowStub stub, PrintStream out) {
    this.client = client;
    this.stub = stub;
    this.out = out;
  }

  void followUntilClosed(Duration interval) throws InterruptedException {
    while (true) {
      DescribeWorkflowExecutionResponse d = describe();
      boolean running =
          d.getWorkflowExecutionInfo().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      for (PendingActivityInfo a : d.getPendingActivitiesList()) {
        heartbeat(a).ifPresent(this::printHeartbeat);
      }
      printPhases();
      if (!running) {
        return;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private DescribeWorkflowExecutionResponse describe() {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(stub.getExecution())
                .build());
  }

  private Optional<ProgressDetails> heartbeat(PendingActivityInfo a) {
    if (!a.hasHeartbeatDetails()) {
      return Optional.empty();
    }
    Payloads details = a.getHeartbeatDetails();
    DataConverter converter = client.getOptions().getDataConverter();
    try {
      return Optional.ofNullable(
          converter.fromPayloads(
              0, Optional.of(details), ProgressDetails.class, ProgressDetails.class));
    } catch (RuntimeException notOurs) {
      // Heartbeats of another shape (a sink's keep-alive) carry no counts to show.
      return Optional.empty();
    }
  }

  private void printHeartbeat(ProgressDetails p) {
    String line =
        p.total() > 0
            ? String.format("  %-16s %,d/%,d items", p.phase(), p.done(), p.total())
            : String.format("  %-16s %,d items", p.phase(), p.done());
    if (!line.equals(printedHeartbeats.put(p.phase(), line))) {
      out.println(line);
    }
  }

  private void printPhases() {
    List<PhaseSummary> phases;
    try {
      phases = queryPhases();
    } catch (RuntimeException closedOrNotReady) {
      // Nothing to query before the first workflow task; the summary covers the end. An answer
      // this CLI cannot read (a phase status it does not know) is said once instead of hidden.
      if (!progressUnreadable && isUndecodable(closedOrNotReady)) {
        progressUnreadable = true;
        out.println("  (no progress shown: " + Errors.oneLine(closedOrNotReady) + ")");
      }
      return;
    }
    for (PhaseSummary p : phases) {
      PhaseStatus state = p.status();
      if (state.equals(printedPhases.put(p.phase(), state))) {
        continue;
      }
      out.println(
          state == PhaseStatus.RUNNING
              ? String.format("  %-16s running", p.phase())
              : String.format(
                  "  %-16s %s in %d ms%s", p.phase(), state, p.durationMs(), mainCount(p)));
    }
  }

  /** The count a phase is about ("consumer-groups" → consumerGroups), or the assets published. */
  private static String mainCount(PhaseSummary p) {
    if (p.counts() == null) {
      return "";
    }
    String[] words = p.phase().split("-");
    StringBuilder key = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    for (String k : List.of(key.toString(), "assets")) {
      Long n = p.counts().get(k);
      if (n != null) {
        return String.format(": %,d %s", n, k);
      }
    }
    return "";
  }

  private static boolean isUndecodable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DataConverterException) {
        return true;
      }
    }
    return false;
  }

  private List<PhaseSummary> queryPhases() {
    PhaseSummary[] phases = stub.query("progress", PhaseSummary[].class);
    return phases == null ? List.of() : List.of(phases);
  }
}
