package io.kcrawler.worker.observability;

import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.kcrawler.worker.temporal.TemporalConnection;
import io.temporal.worker.WorkerFactoryOptions;

/**
 * A crawler worker as {@code kcrawler worker} runs it: on {@code connection}, with the Temporal
 * SDK's metrics and {@link CrawlMetrics} on the Prometheus endpoint, the MDC and metrics
 * interceptor on every activity, and the health endpoint reporting whether it polls. The
 * interceptor runs even with metrics off, so log lines keep their MDC.
 */
public final class ObservedWorker implements AutoCloseable {
  private final MetricsEndpoint metrics;
  private final CrawlerWorker worker;
  private final HealthEndpoint health;

  private ObservedWorker(
      WorkerConfig config, TemporalConnection connection, ObservabilityConfig observability) {
    metrics =
        observability.metricsPort() < 0 ? null : new MetricsEndpoint(observability.metricsPort());
    worker =
        CrawlerWorker.connect(
            config,
            connection,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(
                    metrics == null
                        ? CrawlActivityInterceptor.logContextOnly()
                        : new CrawlActivityInterceptor(metrics.crawlMetrics()))
                .build(),
            metrics == null ? null : metrics.temporalScope());
    health =
        observability.healthPort() < 0
            ? null
            : new HealthEndpoint(observability.healthPort(), worker::isPolling);
  }

  /** Wires the worker and opens its endpoints; polling starts with {@link #start()}. */
  public static ObservedWorker create(
      WorkerConfig config, TemporalConnection connection, ObservabilityConfig observability) {
    return new ObservedWorker(config, connection, observability);
  }

  public CrawlerWorker worker() {
    return worker;
  }

  public void start() {
    worker.start();
  }

  /** The scrape endpoint's port, or -1 when off. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /** The health endpoint's port, or -1 when off. */
  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  /** Stops polling and lets running activities finish, then closes the endpoints. */
  @Override
  public void close() {
    try {
      worker.close();
    } finally {
      if (health != null) {
        health.close();
      }
      if (metrics != null) {
        metrics.close();
      }
    }
  }
}
