package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.ScheduleContractServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.schedule.v1.ScheduleAction;
import io.temporal.api.workflow.v1.NewWorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.DeleteScheduleRequest;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.PatchScheduleRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a local server playing Temporal's Schedule API, when a person runs the {@code schedule}
 * commands, then exactly the requests Temporal expects arrive: one schedule per connection whose
 * action starts {@code KafkaCrawlWorkflow} on {@code kafka-crawler} with the request JSON as its
 * one {@code json/plain} input, overlap SKIP, the catch-up window and the cron or interval spec.
 */
class ScheduleCommandContractTest {
  private static final String REQUEST =
      "{\"connectionId\":\"orders-prod\",\"bootstrapServers\":\"kafka-1:9092\","
          + "\"includeTopics\":[\"orders\\\\..*\"]}";

  private static ScheduleContractServer server;
  @TempDir static Path dir;
  private static Path requestFile;

  @BeforeAll
  static void start() throws Exception {
    server = ScheduleContractServer.start();
    requestFile = Files.writeString(dir.resolve("request.json"), REQUEST);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.clear();
  }

  private CliRun schedule(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "schedule";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--address";
    all[args.length + 2] = server.address();
    return CliRun.of(all);
  }

  @Test
  void createWithAnIntervalSendsTheCrawlActionWithOverlapSkipAndTheCatchupWindow()
      throws Exception {
    CliRun run =
        schedule(
            "create",
            "--request",
            requestFile.toString(),
            "--every",
            "6h",
            "--catchup-window",
            "2h");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("created schedule kafka-crawl-orders-prod");
    List<CreateScheduleRequest> creates = server.requests(CreateScheduleRequest.class);
    assertThat(creates).hasSize(1);
    CreateScheduleRequest create = creates.get(0);
    assertThat(create.getNamespace()).isEqualTo("default");
    assertThat(create.getScheduleId()).isEqualTo("kafka-crawl-orders-prod");
    assertThat(create.getRequestId()).isNotEmpty();

    ScheduleAction action = create.getSchedule().getAction();
    assertThat(action.hasStartWorkflow()).isTrue();
    NewWorkflowExecutionInfo start = action.getStartWorkflow();
    assertThat(start.getWorkflowType().getName()).isEqualTo("KafkaCrawlWorkflow");
    assertThat(start.getTaskQueue().getName()).isEqualTo("kafka-crawler");
    assertThat(start.getWorkflowId()).isEqualTo("kafka-crawl-orders-prod");
    assertThat(start.getWorkflowExecutionTimeout().getSeconds()).isEqualTo(6 * 3600);
    assertThat(start.getInput().getPayloadsCount()).isEqualTo(1);
    Payload input = start.getInput().getPayloads(0);
    assertThat(input.getMetadataOrThrow("encoding").toString(StandardCharsets.UTF_8))
        .isEqualTo("json/plain");
    JsonNode sent = Json.mapper().readTree(input.getData().toByteArray());
    assertThat(sent).isEqualTo(Json.mapper().readTree(REQUEST));

    var policies = create.getSchedule().getPolicies();
    assertThat(policies.getOverlapPolicy())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(policies.getCatchupWindow().getSeconds()).isEqualTo(2 * 3600);

    var spec = create.getSchedule().getSpec();
    assertThat(spec.getIntervalCount()).isEqualTo(1);
    assertThat(spec.getInterval(0).getInterval().getSeconds()).isEqualTo(6 * 3600);
    assertThat(spec.getCronStringCount()).isZero();
    assertThat(create.getSchedule().getState().getPaused()).isFalse();
  }

  @Test
  void createWithCronSendsTheCronStringAndTheDefaultCatchupWindow() {
    CliRun run = schedule("create", "--request", requestFile.toString(), "--cron", "0 2 * * *");

    assertThat(run.exit()).as(run.toString()).isZero();
    CreateScheduleRequest create = server.requests(CreateScheduleRequest.class).get(0);
    assertThat(create.getSchedule().getSpec().getCronStringList()).containsExactly("0 2 * * *");
    assertThat(create.getSchedule().getSpec().getIntervalCount()).isZero();
    assertThat(create.getSchedule().getPolicies().getOverlapPolicy())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(create.getSchedule().getPolicies().getCatchupWindow().getSeconds()).isEqualTo(3600);
  }

  @Test
  void aSecondScheduleForTheSameConnectionIsRefusedInOneLine() {
    assertThat(schedule("create", "--request", requestFile.toString(), "--every", "1h").exit())
        .isZero();

    CliRun again = schedule("create", "--request", requestFile.toString(), "--every", "2h");

    assertThat(again.exit()).as(again.toString()).isEqualTo(1);
    assertThat(again.out()).contains("already exists").contains("kafka-crawl-orders-prod");
    assertThat(again.err()).doesNotContain("\tat ");
  }

  @Test
  void listDescribePauseUnpauseDeleteSendTheirRequestsForTheConnectionsSchedule() {
    schedule("create", "--request", requestFile.toString(), "--cron", "0 2 * * *");

    CliRun list = schedule("list");
    CliRun describe = schedule("describe", "--connection-id", "orders-prod");
    CliRun pause = schedule("pause", "--connection-id", "orders-prod", "--note", "maintenance");
    CliRun describePaused = schedule("describe", "--connection-id", "orders-prod");
    CliRun unpause = schedule("unpause", "--connection-id", "orders-prod");
    CliRun delete = schedule("delete", "--connection-id", "orders-prod");

    for (CliRun r : List.of(list, describe, pause, describePaused, unpause, delete)) {
      assertThat(r.exit()).as(r.toString()).isZero();
    }
    assertThat(list.out()).contains("kafka-crawl-orders-prod").contains("active");
    assertThat(describe.out())
        .contains("KafkaCrawlWorkflow")
        .contains("kafka-crawler")
        .contains("SCHEDULE_OVERLAP_POLICY_SKIP")
        .contains("0 2 * * *");
    assertThat(describePaused.out()).contains("paused (maintenance)");

    assertThat(server.requests(ListSchedulesRequest.class)).hasSize(1);
    assertThat(server.requests(ListSchedulesRequest.class).get(0).getNamespace())
        .isEqualTo("default");
    assertThat(server.requests(DescribeScheduleRequest.class))
        .extracting(DescribeScheduleRequest::getScheduleId)
        .containsOnly("kafka-crawl-orders-prod");
    List<PatchScheduleRequest> patches = server.requests(PatchScheduleRequest.class);
    assertThat(patches).hasSize(2);
    assertThat(patches.get(0).getScheduleId()).isEqualTo("kafka-crawl-orders-prod");
    assertThat(patches.get(0).getPatch().getPause()).isEqualTo("maintenance");
    assertThat(patches.get(1).getPatch().getUnpause()).isEqualTo("unpaused with kcrawler");
    assertThat(server.requests(DeleteScheduleRequest.class))
        .singleElement()
        .extracting(DeleteScheduleRequest::getScheduleId)
        .isEqualTo("kafka-crawl-orders-prod");
  }

  @Test
  void badUsageExitsWith2AndSendsNothing() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.json"), "{\"connectionId\":\"c\",\"bootstrapServer\":\"k:9092\"}");

    CliRun neither = schedule("create", "--request", requestFile.toString());
    CliRun both =
        schedule(
            "create", "--request", requestFile.toString(), "--cron", "0 2 * * *", "--every", "1h");
    CliRun badInterval =
        schedule("create", "--request", requestFile.toString(), "--every", "often");
    CliRun misspelled = schedule("create", "--request", bad.toString(), "--every", "1h");
    CliRun missingOption = schedule("pause");

    for (CliRun r : List.of(neither, both, badInterval, misspelled, missingOption)) {
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).doesNotContain("\tat ");
    }
    assertThat(misspelled.err()).contains("bootstrapServer");
    assertThat(badInterval.err()).contains("--every");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anUnknownScheduleIsAFailureInOneLine() {
    CliRun run = schedule("describe", "--connection-id", "nope");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("NOT_FOUND");
  }

  @Test
  void everyScheduleCommandHasHelp() {
    for (String sub : List.of("create", "list", "describe", "pause", "unpause", "delete")) {
      CliRun help = CliRun.of("schedule", sub, "--help");
      assertThat(help.exit()).as(help.toString()).isZero();
      assertThat(help.out()).contains("Usage: kcrawler schedule " + sub);
    }
    assertThat(CliRun.of("schedule", "--help").out()).contains("create").contains("unpause");
  }
}
