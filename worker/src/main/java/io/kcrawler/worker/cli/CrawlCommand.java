package io.kcrawler.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.catalog.RiskLevel;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.model.Json;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.worker.temporal.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts a crawl from a request file; with --wait, shows its progress and prints the summary. */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description = "Start a crawl of one connection.")
final class CrawlCommand implements Callable<Integer> {
  @Mixin TemporalOptions temporal;

  @Option(names = "--request", required = true, description = "Crawl request JSON file.")
  Path requestFile;

  @Option(
      names = "--wait",
      description = "Wait for the crawl, showing its progress, and print its summary.")
  boolean await;

  @Option(
      names = "--progress-interval",
      defaultValue = "1s",
      description = "How often --wait polls for progress. Default: ${DEFAULT-VALUE}")
  String progressInterval;

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      description =
          "With --wait: exit "
              + KcrawlerCli.EXIT_RISK
              + " when the change report has findings at LEVEL (high, medium, low) or above.")
  String failOn;

  @Override
  public Integer call() throws InterruptedException {
    RiskLevel threshold = null;
    if (failOn != null) {
      threshold = RiskLevel.parse(failOn);
      if (threshold == null) {
        throw new UsageError("--fail-on: expected high, medium or low, got \"" + failOn + "\"");
      }
      if (!await) {
        throw new UsageError("--fail-on needs --wait: only a finished crawl has a change report");
      }
    }
    JsonNode request = readRequest(requestFile);
    Duration interval = ScheduleCommand.duration("--progress-interval", progressInterval);
    TemporalConnection connection = temporal.connection();
    WorkflowServiceStubs service = connection.newServiceStubs(null);
    try {
      WorkflowClient client = connection.newClient(service);
      WorkflowStub stub;
      try {
        stub = new CrawlStarter(client).start(request);
      } catch (InvalidRequestException e) {
        throw new UsageError(e.getMessage());
      } catch (CrawlStarter.AlreadyRunningException e) {
        System.out.println(e.getMessage());
        return 0;
      }
      String id = stub.getExecution().getWorkflowId();
      System.out.println("started crawl " + id + " (run " + stub.getExecution().getRunId() + ")");
      if (!await) {
        return 0;
      }
      new CrawlProgress(client, stub, System.out).followUntilClosed(interval);
      CrawlSummary summary = CrawlStarter.await(stub);
      SummaryPrinter.print(summary, System.out);
      if (threshold == null) {
        return 0;
      }
      RiskGate.Verdict verdict = RiskGate.check(summary, threshold);
      System.out.println(verdict.line());
      return verdict.exit();
    } finally {
      service.shutdown();
    }
  }

  static JsonNode readRequest(Path file) {
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UsageError("cannot read " + file + ": " + e.getMessage());
    }
  }
}
