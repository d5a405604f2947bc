package io.kcrawler.worker.observability;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Probes for an orchestrator: {@code GET /health/live} answers 200 while the process serves; {@code
 * GET /health/ready} answers 200 only while the worker is started and polling its task queues and
 * Temporal answers its health check, 503 otherwise (starting, suspended, shutting down, or Temporal
 * unreachable).
 */
public final class HealthEndpoint implements AutoCloseable {
  private final HttpEndpoints http;

  public HealthEndpoint(int port, BooleanSupplier polling) {
    http =
        new HttpEndpoints(
            port,
            Map.of(
                "/health/live",
                () -> new HttpEndpoints.Response(200, "application/json", "{\"status\":\"UP\"}\n"),
                "/health/ready",
                () ->
                    polling.getAsBoolean()
                        ? new HttpEndpoints.Response(
                            200, "application/json", "{\"status\":\"UP\",\"polling\":true}\n")
                        : new HttpEndpoints.Response(
                            503, "application/json", "{\"status\":\"DOWN\",\"polling\":false}\n")));
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
  }
}
