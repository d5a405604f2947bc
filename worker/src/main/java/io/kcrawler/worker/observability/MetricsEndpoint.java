package io.kcrawler.worker.observability;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.Map;

/**
 * A Prometheus scrape endpoint ({@code GET /metrics}) for the Temporal SDK's metrics, reported
 * through Micrometer, and for {@link CrawlMetrics}, on one registry.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** How often the SDK's tally scope flushes to Micrometer; a scrape sees values this old. */
  private static final com.uber.m3.util.Duration SDK_REPORT_INTERVAL =
      com.uber.m3.util.Duration.ofSeconds(1);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope temporalScope =
      new RootScopeBuilder()
          .reporter(new MicrometerClientStatsReporter(registry))
          .reportEvery(SDK_REPORT_INTERVAL);
  private final CrawlMetrics metrics = new CrawlMetrics(registry);
  private final HttpEndpoints http;

  /** Serves on {@code port}; 0 picks a free one. */
  public MetricsEndpoint(int port) {
    http =
        new HttpEndpoints(
            port,
            Map.of(
                "/metrics",
                () ->
                    new HttpEndpoints.Response(
                        200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
  }

  /** For {@code WorkflowServiceStubsOptions.setMetricsScope}: the SDK's metrics land here. */
  public Scope temporalScope() {
    return temporalScope;
  }

  public CrawlMetrics crawlMetrics() {
    return metrics;
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
    try {
      temporalScope.close();
    } catch (ScopeCloseException e) {
      // Only the final flush is lost; the process is stopping.
    }
    registry.close();
  }
}
