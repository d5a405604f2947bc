package io.kcrawler.worker.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlRequestParser;
import io.kcrawler.model.TaskQueues;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.workflow.KafkaCrawlWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Recurring crawls as Temporal Schedules: one schedule per connection (its id is derived from the
 * connection id), each starting {@code KafkaCrawlWorkflow} on {@link TaskQueues#CRAWLER} with the
 * request JSON as its only input, the same input the CLI and the UI send. Overlap is SKIP: a run
 * that comes due while the previous crawl of the connection still runs is dropped, so one crawl per
 * connection runs at a time.
 */
public final class CrawlSchedules {
  /** Runs missed while Temporal was unavailable are still started within this window. */
  public static final Duration DEFAULT_CATCHUP_WINDOW = Duration.ofHours(1);

  private final ScheduleClient client;

  public CrawlSchedules(ScheduleClient client) {
    this.client = client;
  }

  /** The schedule of a connection. */
  public static String scheduleId(String connectionId) {
    return KafkaCrawlWorkflow.workflowId(connectionId);
  }

  /** When a schedule fires: a cron expression or a fixed interval, exactly one of them. */
  public record When(String cron, Duration every) {
    public When {
      if ((cron == null) == (every == null)) {
        throw new IllegalArgumentException("give exactly one of a cron expression or an interval");
      }
    }

    ScheduleSpec spec() {
      ScheduleSpec.Builder spec = ScheduleSpec.newBuilder();
      return cron != null
          ? spec.setCronExpressions(List.of(cron)).build()
          : spec.setIntervals(List.of(new ScheduleIntervalSpec(every))).build();
    }
  }

  /** Thrown when the connection already has a schedule. */
  public static final class AlreadyExistsException extends RuntimeException {
    AlreadyExistsException(String scheduleId) {
      super(
          "a schedule for this connection already exists (schedule id "
              + scheduleId
              + "); delete it first to change it");
    }
  }

  /**
   * Validates the request (a bad one never becomes a schedule that fails every hour) and creates
   * the connection's schedule; returns its id.
   */
  public String create(JsonNode request, When when, Duration catchupWindow, boolean paused) {
    String connectionId = CrawlRequestParser.parse(request).connectionId();
    String id = scheduleId(connectionId);
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(KafkaCrawlWorkflow.WORKFLOW_TYPE)
                    .setArguments(request)
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            // Temporal appends the scheduled time to this id for each run.
                            .setWorkflowId(KafkaCrawlWorkflow.workflowId(connectionId))
                            .setTaskQueue(TaskQueues.CRAWLER)
                            .setWorkflowExecutionTimeout(CrawlStarter.CRAWL_EXECUTION_TIMEOUT)
                            .build())
                    .build())
            .setSpec(when.spec())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .setCatchupWindow(catchupWindow)
                    .build())
            .setState(
                ScheduleState.newBuilder()
                    .setPaused(paused)
                    .setNote(paused ? "created paused by kcrawler" : "")
                    .build())
            .build();
    try {
      client.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
    } catch (ScheduleAlreadyRunningException e) {
      throw new AlreadyExistsException(id);
    }
    return id;
  }

  /** One line per schedule: id, paused or active, next run. */
  public List<String> list() {
    return client.listSchedules().map(CrawlSchedules::line).collect(Collectors.toList());
  }

  public ScheduleDescription describe(String connectionId) {
    return handle(connectionId).describe();
  }

  public void pause(String connectionId, String note) {
    handle(connectionId).pause(note);
  }

  public void unpause(String connectionId, String note) {
    handle(connectionId).unpause(note);
  }

  public void delete(String connectionId) {
    handle(connectionId).delete();
  }

  private ScheduleHandle handle(String connectionId) {
    return client.getHandle(scheduleId(connectionId));
  }

  private static String line(ScheduleListDescription d) {
    boolean paused = d.getSchedule() != null && d.getSchedule().getState().isPaused();
    String next =
        d.getInfo() == null || d.getInfo().getNextActionTimes().isEmpty()
            ? "-"
            : d.getInfo().getNextActionTimes().get(0).toString();
    return d.getScheduleId() + "  " + (paused ? "paused" : "active") + "  next " + next;
  }
}
