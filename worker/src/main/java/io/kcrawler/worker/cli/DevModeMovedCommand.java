package io.kcrawler.worker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dev} in the production jar: dev mode (an embedded broker, Temporal's test server and the
 * stand-ins) is not shipped with the worker; this says where it is.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Dev mode is not part of the worker jar: run it from devmode/target/kcrawler-dev.jar.")
final class DevModeMovedCommand implements Callable<Integer> {
  static final String WHERE =
      "dev mode lives in its own jar: java -jar devmode/target/kcrawler-dev.jar dev"
          + " (built by `mvn -B -q package -DskipTests`)";

  @Parameters(hidden = true)
  String[] ignored;

  @Override
  public Integer call() {
    System.err.println("error: " + WHERE);
    return KcrawlerCli.EXIT_USAGE;
  }
}
