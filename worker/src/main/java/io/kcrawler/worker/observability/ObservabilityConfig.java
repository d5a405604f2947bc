package io.kcrawler.worker.observability;

import java.util.Map;

/**
 * Ports of the worker's scrape and probe endpoints, from {@code KCRAWLER_METRICS_PORT} (default
 * 9464, Prometheus exporters' usual port) and {@code KCRAWLER_HEALTH_PORT} (default 8081); a
 * negative port turns the endpoint off. The log format is chosen in logback.xml from {@code
 * KCRAWLER_LOG_FORMAT}.
 */
public record ObservabilityConfig(int metricsPort, int healthPort) {
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final int DEFAULT_HEALTH_PORT = 8081;

  public static ObservabilityConfig fromEnv(Map<String, String> env) {
    return new ObservabilityConfig(
        port(env, "KCRAWLER_METRICS_PORT", DEFAULT_METRICS_PORT),
        port(env, "KCRAWLER_HEALTH_PORT", DEFAULT_HEALTH_PORT));
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, got " + value);
    }
  }
}
