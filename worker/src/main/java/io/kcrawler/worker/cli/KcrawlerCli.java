package io.kcrawler.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable: run a worker, start a crawl, or run everything embedded (dev). */
@Command(
    name = "kcrawler",
    mixinStandardHelpOptions = true,
    version = "kcrawler 0.1.0",
    description = "Kafka metadata crawler on Temporal.",
    subcommands = {
      WorkerCommand.class,
      CrawlCommand.class,
      ScheduleCommand.class,
      DevCommand.class,
      CodecServerCommand.class
    })
public final class KcrawlerCli implements Runnable {

  /** Exit codes: 0 ok, 1 failure, 2 bad usage (picocli's own usage errors are 2 too). */
  static final int EXIT_FAILURE = 1;

  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new KcrawlerCli());
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
