package io.kcrawler.worker.cli;

import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.kcrawler.worker.observability.CrawlActivityInterceptor;
import io.kcrawler.worker.observability.CrawlMetrics;
import io.kcrawler.worker.observability.HealthEndpoint;
import io.kcrawler.worker.observability.MetricsEndpoint;
import io.kcrawler.worker.observability.ObservabilityConfig;
import io.kcrawler.worker.temporal.TemporalConnection;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.Map;
import java.util.concurrent.Callable;
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
    MetricsEndpoint metrics =
        observability.metricsPort() < 0 ? null : new MetricsEndpoint(observability.metricsPort());
    CrawlMetrics crawlMetrics =
        metrics == null ? new CrawlMetrics(new CompositeMeterRegistry()) : metrics.crawlMetrics();
    CrawlerWorker worker =
        CrawlerWorker.connect(
            config,
            connection,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new CrawlActivityInterceptor(crawlMetrics))
                .build(),
            metrics == null ? null : metrics.temporalScope());
    HealthEndpoint health =
        observability.healthPort() < 0
            ? null
            : new HealthEndpoint(observability.healthPort(), worker::isPolling);
    log.info(
        "Temporal {}; metrics {}; health {}",
        connection,
        metrics == null ? "off" : ":" + metrics.port() + "/metrics",
        health == null ? "off" : ":" + health.port() + "/health/ready");
    try {
      worker.runUntilShutdown();
    } finally {
      if (health != null) {
        health.close();
      }
      if (metrics != null) {
        metrics.close();
      }
    }
    return 0;
  }
}
