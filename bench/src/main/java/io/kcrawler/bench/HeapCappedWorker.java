package io.kcrawler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.workflow.KafkaCrawlWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap target measured on its own: the production worker jar in a separate JVM capped at
 * {@value #HEAP_CAP_MB} MB ({@code -Xmx}), crawling the synthetic cluster through a port-bound
 * Temporal test server. The crawl succeeding under the cap is the proof; the JVM's GC log gives the
 * largest heap in use before a collection and the largest live set after one.
 */
final class HeapCappedWorker {
  static final int HEAP_CAP_MB = 512;

  /** A GC log line's "before->after(committed)", e.g. {@code 301M->42M(512M)}. */
  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /** What the capped worker did. */
  record Result(
      int crawls, List<Long> crawlMillis, long peakBeforeGcMb, long peakAfterGcMb, int gcs) {}

  private HeapCappedWorker() {}

  /** Start calls tried before giving up: a just-started test server on a loaded host is slow. */
  private static final int START_ATTEMPTS = 5;

  /**
   * Starts the crawl, again when the call timed out (the first run at 50k topics lost its start
   * call to a 4.5 s deadline while the host's load average was above 12): a start that did reach
   * the server is found by its workflow id instead of failing as already running.
   */
  private static WorkflowStub start(WorkflowClient client, JsonNode request)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return new CrawlStarter(client).start(request);
      } catch (CrawlStarter.AlreadyRunningException e) {
        return client.newUntypedWorkflowStub(
            KafkaCrawlWorkflow.workflowId(request.get("connectionId").asText()));
      } catch (WorkflowServiceException e) {
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        System.out.println("capped worker: start call failed (" + e.getCause() + "), again");
        Thread.sleep(2_000L * attempt);
      }
    }
  }

  static Result run(
      Path jar, String bootstrap, String registryUrl, boolean levels, int crawls, Path work)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path gcLog = work.resolve("capped-worker-gc.log");
    Files.createDirectories(work);
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + HEAP_CAP_MB + "m",
            "-Xlog:gc:file=" + gcLog,
            "-jar",
            jar.toString(),
            "worker");
    Map<String, String> env = pb.environment();
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    env.put("KCRAWLER_ARTIFACT_DIR", work.resolve("artifacts").toString());
    env.put("KCRAWLER_OUTPUT_DIR", work.resolve("output").toString());
    pb.redirectErrorStream(true).redirectOutput(work.resolve("capped-worker.log").toFile());
    Process worker = pb.start();
    List<Long> millis = new ArrayList<>();
    try {
      WorkflowClient client = WorkflowClient.newInstance(service);
      for (int i = 0; i < crawls; i++) {
        long t0 = System.nanoTime();
        CrawlSummary summary =
            CrawlStarter.await(
                start(
                    client, TemporalCrawl.request("capped-" + i, bootstrap, registryUrl, levels)));
        if (summary.status() != CrawlStatus.SUCCEEDED) {
          throw new IllegalStateException("capped worker crawl failed: " + summary);
        }
        millis.add((System.nanoTime() - t0) / 1_000_000);
      }
    } finally {
      worker.destroy();
      if (!worker.waitFor(30, TimeUnit.SECONDS)) {
        worker.destroyForcibly().waitFor();
      }
      service.shutdownNow();
      server.close();
    }
    long before = 0;
    long after = 0;
    int gcs = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        before = Math.max(before, Long.parseLong(m.group(1)));
        after = Math.max(after, Long.parseLong(m.group(2)));
        gcs++;
      }
    }
    Result r = new Result(crawls, millis, before, after, gcs);
    System.out.printf(
        "capped worker (-Xmx%dm): %d crawls %s ms, heap in use before GC at most %d MB, live after"
            + " GC at most %d MB (%d collections)%n",
        HEAP_CAP_MB, crawls, millis, before, after, gcs);
    return r;
  }
}
