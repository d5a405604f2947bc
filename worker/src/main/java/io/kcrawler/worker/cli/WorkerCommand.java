package io.kcrawler.worker.cli;

import io.kcrawler.worker.WorkerConfig;
import io.kcrawler.worker.observability.ObservabilityConfig;
import io.kcrawler.worker.observability.ObservedWorker;
import io.kcrawler.worker.temporal.TemporalConnection;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a worker until stopped, with its metrics and health endpoints. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a crawler worker. Temporal from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS_*,",
      "TEMPORAL_API_KEY (or TEMPORAL_CONFIG_FILE); Prometheus metrics on KCRAWLER_METRICS_PORT",
      "(9464), /health/live and /health/ready on KCRAWLER_HEALTH_PORT (8081)."
    })
final class WorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

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
    Map<String, String> env = System.getenv();
    WorkerConfig config;
    TemporalConnection connection;
    ObservabilityConfig observability;
    try {
      config = WorkerConfig.fromEnv(env).withMode(m, runtimeId);
      connection = TemporalConnection.fromEnv(env);
      observability = ObservabilityConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    ObservedWorker observed = ObservedWorker.create(config, connection, observability);
    log.info(
        "Temporal {}; metrics {}; health {}",
        connection,
        observed.metricsPort() < 0 ? "off" : ":" + observed.metricsPort() + "/metrics",
        observed.healthPort() < 0 ? "off" : ":" + observed.healthPort() + "/health/ready");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: finishing running activities");
                  observed.close();
                  stopped.countDown();
                },
                "worker-shutdown"));
    observed.start();
    stopped.await();
    return 0;
  }
}
