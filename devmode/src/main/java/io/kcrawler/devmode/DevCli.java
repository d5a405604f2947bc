package io.kcrawler.devmode;

import io.kcrawler.worker.cli.KcrawlerCli;

/**
 * The dev-mode jar's executable: the worker's commands, with {@code dev} the real one (Temporal's
 * test server, an embedded broker with demo data and the registry stand-in, in one process). Kept
 * out of the worker jar so production images carry none of it.
 */
public final class DevCli {
  private DevCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return KcrawlerCli.run(
        cli -> {
          cli.getCommandSpec().removeSubcommand("dev");
          cli.addSubcommand("dev", new DevCommand());
        },
        args);
  }
}
