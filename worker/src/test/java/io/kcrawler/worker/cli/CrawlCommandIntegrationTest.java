package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.worker.support.PortBoundTemporal;
import io.kcrawler.worker.support.SharedKafka;
import io.kcrawler.worker.temporal.TemporalConnection;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a port-bound Temporal test server with a worker, and the demo cluster, when a person runs
 * {@code crawl --request file.json --wait}, then they see the phases go by with their item counts
 * and, at the end, the summary; bad usage exits 2 and every command has --help.
 */
class CrawlCommandIntegrationTest {
  private static PortBoundTemporal temporal;
  private static String address;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    SharedKafka.cluster();
    temporal = PortBoundTemporal.start(dir);
    address = temporal.address();
  }

  @AfterAll
  static void stop() {
    temporal.close();
  }

  private Path request(String connectionId) throws Exception {
    return Files.writeString(
        dir.resolve(connectionId + ".json"),
        "{\"connectionId\":\""
            + connectionId
            + "\",\"bootstrapServers\":\""
            + SharedKafka.cluster().bootstrapServers()
            + "\",\"outputLocation\":\""
            + dir.resolve("output").toString().replace("\\", "\\\\")
            + "\"}");
  }

  @Test
  void crawlWaitShowsProgressLinesAndThenTheSummary() throws Exception {
    CliRun run =
        CliRun.of(
            "crawl",
            "--address",
            address,
            "--request",
            request("cli-wait").toString(),
            "--wait",
            "--progress-interval",
            "100ms");

    assertThat(run.exit()).as(run.toString()).isZero();
    String out = run.out();
    assertThat(out).contains("started crawl kafka-crawl-cli-wait");
    // Every phase reports how it went with its item count, before the summary.
    int summaryAt = out.indexOf("Crawl of cli-wait");
    assertThat(summaryAt).as(out).isPositive();
    String progress = out.substring(0, summaryAt);
    assertThat(progress).containsPattern("topics\\s+OK in \\d+ ms: 2\\d topics");
    assertThat(progress).containsPattern("consumer-groups\\s+OK in \\d+ ms: \\d+ consumerGroups");
    assertThat(progress).containsPattern("publish\\s+OK in \\d+ ms: \\d+ assets");
    assertThat(out.substring(summaryAt)).contains("SUCCEEDED").contains("Phases:");
  }

  @Test
  void aSecondStartWhileTheConnectionsCrawlRunsIsReportedAsAlreadyRunning() throws Exception {
    // A "broker" that accepts and never answers keeps the first crawl in preflight.
    try (ServerSocket silent = new ServerSocket(0)) {
      Path request =
          Files.writeString(
              dir.resolve("twice.json"),
              "{\"connectionId\":\"cli-twice\",\"bootstrapServers\":\"127.0.0.1:"
                  + silent.getLocalPort()
                  + "\"}");

      CliRun first = CliRun.of("crawl", "--address", address, "--request", request.toString());
      CliRun second = CliRun.of("crawl", "--address", address, "--request", request.toString());

      assertThat(first.exit()).as(first.toString()).isZero();
      assertThat(first.out()).contains("started crawl kafka-crawl-cli-twice");
      assertThat(second.exit()).as(second.toString()).isZero();
      assertThat(second.out())
          .contains("already running")
          .contains("kafka-crawl-cli-twice")
          .doesNotContain("Exception");
      assertThat(second.err()).isEmpty();
    } finally {
      terminate("kafka-crawl-cli-twice");
    }
  }

  private static void terminate(String workflowId) {
    WorkflowServiceStubs service =
        TemporalConnection.plain(address, "default").newServiceStubs(null);
    try {
      TemporalConnection.plain(address, "default")
          .newClient(service)
          .newUntypedWorkflowStub(workflowId)
          .terminate("test done");
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void aMisspelledFieldIsBadUsageInOneLine() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.json"), "{\"connectionId\":\"c\",\"bootstrapServer\":\"k:9092\"}");

    CliRun run = CliRun.of("crawl", "--address", address, "--request", bad.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("bootstrapServer");
  }

  @Test
  void aMissingRequestFileIsBadUsage() {
    CliRun run = CliRun.of("crawl", "--address", address, "--request", "/nonexistent.json");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: cannot read /nonexistent.json");
  }

  @Test
  void everyCommandHasHelp() {
    for (List<String> cmd :
        List.of(
            List.of("--help"),
            List.of("worker", "--help"),
            List.of("crawl", "--help"),
            List.of("dev", "--help"),
            List.of("schedule", "--help"))) {
      CliRun help = CliRun.of(cmd.toArray(String[]::new));
      assertThat(help.exit()).as(help.toString()).isZero();
      assertThat(help.out()).contains("Usage: kcrawler");
    }
    assertThat(CliRun.of("crawl", "--help").out()).contains("--wait").contains("--request");
  }

  @Test
  void devInTheWorkerJarSaysWhereDevModeLives() {
    CliRun run = CliRun.of("dev");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("java -jar devmode/target/kcrawler-dev.jar dev");
  }
}
