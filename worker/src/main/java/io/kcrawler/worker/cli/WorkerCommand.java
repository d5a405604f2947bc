package io.kcrawler.worker.cli;

import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a worker until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a crawler worker.")
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--mode",
      description =
          "saas (workflows + direct activities) or sdr (a runtime's activities). Default: ${DEFAULT-VALUE}",
      defaultValue = "saas")
  String mode;

  @Option(names = "--runtime-id", description = "The self-deployed runtime's id (sdr mode).")
  String runtimeId;

  @Override
  public Integer call() throws Exception {
    WorkerConfig.Mode m;
    try {
      m = WorkerConfig.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--mode must be saas or sdr, got " + mode);
    }
    if (m == WorkerConfig.Mode.SDR && (runtimeId == null || runtimeId.isBlank())) {
      throw new UsageError("--runtime-id is required with --mode sdr");
    }
    WorkerConfig config = WorkerConfig.fromEnv(System.getenv()).withMode(m, runtimeId);
    CrawlerWorker.connect(config, System.getenv()).runUntilShutdown();
    return 0;
  }
}
