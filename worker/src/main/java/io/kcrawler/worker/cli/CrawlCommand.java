package io.kcrawler.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.model.Json;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.worker.WorkerConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts a crawl from a request file; with --wait, waits and prints the summary. */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description = "Start a crawl of one connection.")
final class CrawlCommand implements Callable<Integer> {
  @Option(names = "--request", required = true, description = "Crawl request JSON file.")
  Path requestFile;

  @Option(names = "--wait", description = "Wait for the crawl and print its summary.")
  boolean await;

  @Override
  public Integer call() {
    JsonNode request;
    try {
      request = Json.mapper().readTree(requestFile.toFile());
    } catch (IOException e) {
      throw new UsageError("cannot read " + requestFile + ": " + e.getMessage());
    }
    WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(config.temporalAddress()).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              service, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
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
      CrawlSummary summary = CrawlStarter.await(stub);
      SummaryPrinter.print(summary, System.out);
      return 0;
    } finally {
      service.shutdown();
    }
  }
}
