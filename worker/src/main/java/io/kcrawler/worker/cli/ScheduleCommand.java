package io.kcrawler.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.worker.schedule.CrawlSchedules;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Recurring crawls as Temporal Schedules, one per connection. */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = "Recurring crawls as Temporal Schedules (one schedule per connection).",
    subcommands = {
      ScheduleCommand.Create.class,
      ScheduleCommand.ListSchedules.class,
      ScheduleCommand.Describe.class,
      ScheduleCommand.Pause.class,
      ScheduleCommand.Unpause.class,
      ScheduleCommand.Delete.class
    })
final class ScheduleCommand implements Runnable {

  @Override
  public void run() {
    throw new UsageError("give a subcommand: create, list, describe, pause, unpause or delete");
  }

  /** Runs {@code action} with a schedule client on the configured Temporal, then disconnects. */
  static <T> T withSchedules(TemporalOptions temporal, Function<CrawlSchedules, T> action) {
    var connection = temporal.connection();
    WorkflowServiceStubs service = connection.newServiceStubs(null);
    try {
      ScheduleClient client =
          ScheduleClient.newInstance(
              service,
              ScheduleClientOptions.newBuilder().setNamespace(connection.namespace()).build());
      return action.apply(new CrawlSchedules(client));
    } finally {
      service.shutdownNow();
    }
  }

  /** Applies one change to a connection's schedule and says what was done. */
  static int change(
      TemporalOptions temporal,
      String connectionId,
      String done,
      java.util.function.Consumer<CrawlSchedules> action) {
    withSchedules(
        temporal,
        s -> {
          action.accept(s);
          return null;
        });
    System.out.println(done + " schedule " + CrawlSchedules.scheduleId(connectionId));
    return 0;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create the schedule of the request's connection: a crawl every --every or on --cron.",
        "A run that comes due while the previous crawl still runs is skipped."
      })
  static final class Create implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Option(names = "--request", required = true, description = "Crawl request JSON file.")
    Path requestFile;

    @Option(names = "--cron", description = "Cron expression, e.g. \"0 2 * * *\" (02:00 UTC).")
    String cron;

    @Option(names = "--every", description = "Interval, e.g. 6h, 30m, 1d or PT6H.")
    String every;

    @Option(
        names = "--catchup-window",
        defaultValue = "1h",
        description =
            "Runs missed while Temporal was down start if within this. Default: ${DEFAULT-VALUE}")
    String catchupWindow;

    @Option(names = "--paused", description = "Create it paused.")
    boolean paused;

    @Override
    public Integer call() {
      JsonNode request = CrawlCommand.readRequest(requestFile);
      if ((cron == null) == (every == null)) {
        throw new UsageError("give exactly one of --cron or --every");
      }
      CrawlSchedules.When when =
          new CrawlSchedules.When(cron, every == null ? null : duration("--every", every));
      Duration catchup = duration("--catchup-window", catchupWindow);
      String id;
      try {
        id = withSchedules(temporal, s -> s.create(request, when, catchup, paused));
      } catch (InvalidRequestException e) {
        throw new UsageError(e.getMessage());
      } catch (CrawlSchedules.AlreadyExistsException e) {
        System.out.println(e.getMessage());
        return KcrawlerCli.EXIT_FAILURE;
      }
      System.out.println("created schedule " + id + (paused ? " (paused)" : ""));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the schedules.")
  static final class ListSchedules implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Override
    public Integer call() {
      java.util.List<String> lines = withSchedules(temporal, CrawlSchedules::list);
      if (lines.isEmpty()) {
        System.out.println("no schedules");
      }
      lines.forEach(System.out::println);
      return 0;
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Show a connection's schedule: spec, policy, state and recent runs.")
  static final class Describe implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Option(names = "--connection-id", required = true, description = "The connection.")
    String connectionId;

    @Override
    public Integer call() {
      ScheduleDescription d = withSchedules(temporal, s -> s.describe(connectionId));
      var schedule = d.getSchedule();
      System.out.println("schedule " + d.getId());
      System.out.println(
          "  state:          "
              + (schedule.getState().isPaused() ? "paused" : "active")
              + (schedule.getState().getNote() == null || schedule.getState().getNote().isEmpty()
                  ? ""
                  : " (" + schedule.getState().getNote() + ")"));
      System.out.println("  cron:           " + schedule.getSpec().getCronExpressions());
      System.out.println(
          "  intervals:      "
              + schedule.getSpec().getIntervals().stream()
                  .map(i -> i.getEvery().toString())
                  .toList());
      System.out.println("  calendars:      " + schedule.getSpec().getCalendars().size());
      System.out.println("  overlap:        " + schedule.getPolicy().getOverlap());
      System.out.println("  catch-up:       " + schedule.getPolicy().getCatchupWindow());
      if (schedule.getAction() instanceof ScheduleActionStartWorkflow a) {
        System.out.println("  workflow type:  " + a.getWorkflowType());
        System.out.println("  task queue:     " + a.getOptions().getTaskQueue());
      }
      System.out.println(
          "  runs so far:    "
              + d.getInfo().getNumActions()
              + " (skipped overlapping: "
              + d.getInfo().getNumActionsSkippedOverlap()
              + ")");
      System.out.println("  next runs:      " + d.getInfo().getNextActionTimes());
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a connection's schedule.")
  static final class Pause implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Option(names = "--connection-id", required = true, description = "The connection.")
    String connectionId;

    @Option(
        names = "--note",
        defaultValue = "paused with kcrawler",
        description = "Why. Default: ${DEFAULT-VALUE}")
    String note;

    @Override
    public Integer call() {
      return change(temporal, connectionId, "paused", s -> s.pause(connectionId, note));
    }
  }

  @Command(
      name = "unpause",
      mixinStandardHelpOptions = true,
      description = "Resume a paused schedule.")
  static final class Unpause implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Option(names = "--connection-id", required = true, description = "The connection.")
    String connectionId;

    @Option(
        names = "--note",
        defaultValue = "unpaused with kcrawler",
        description = "Why. Default: ${DEFAULT-VALUE}")
    String note;

    @Override
    public Integer call() {
      return change(temporal, connectionId, "unpaused", s -> s.unpause(connectionId, note));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a connection's schedule (running crawls go on).")
  static final class Delete implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Option(names = "--connection-id", required = true, description = "The connection.")
    String connectionId;

    @Override
    public Integer call() {
      return change(temporal, connectionId, "deleted", s -> s.delete(connectionId));
    }
  }

  /** "6h", "30m", "45s", "1d", "500ms" or ISO-8601 ("PT6H"). */
  static Duration duration(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        long ms = Long.parseLong(t.substring(0, t.length() - 2));
        if (ms > 0) {
          return Duration.ofMillis(ms);
        }
        throw new NumberFormatException(t);
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> null;
          };
      if (d != null && !d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      // falls through to the usage error
    }
    throw new UsageError(
        option + " must be a duration like 500ms, 30m, 6h, 1d or PT6H, got " + text);
  }
}
