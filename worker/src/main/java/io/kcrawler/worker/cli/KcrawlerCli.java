package io.kcrawler.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The worker's executable: run a worker, start or schedule a crawl, serve the payload codec. Dev
 * mode (everything embedded) is the devmode module's jar, which adds its {@code dev} to these.
 */
@Command(
    name = "kcrawler",
    mixinStandardHelpOptions = true,
    version = "kcrawler 0.1.0",
    description = "Kafka metadata crawler on Temporal.",
    subcommands = {
      WorkerCommand.class,
      CrawlCommand.class,
      ScheduleCommand.class,
      DevModeMovedCommand.class,
      CodecServerCommand.class
    })
public final class KcrawlerCli implements Runnable {

  /**
   * Exit codes: 0 ok, 1 failure, 2 bad usage (picocli's own usage errors are 2 too), 3 the crawl
   * succeeded but its change report has findings at or above {@code crawl --fail-on}'s level.
   */
  public static final int EXIT_FAILURE = 1;

  public static final int EXIT_USAGE = 2;

  public static final int EXIT_RISK = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return run(cli -> {}, args);
  }

  /**
   * Runs the CLI with {@code extend} applied to it first: the dev-mode jar replaces {@code dev}
   * with the real one.
   */
  public static int run(java.util.function.Consumer<CommandLine> extend, String... args) {
    CommandLine cli = new CommandLine(new KcrawlerCli());
    extend.accept(cli);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + Errors.oneLine(e));
          return e instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
