package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Optional Confluent Cloud settings of a crawl: the cluster's id ({@code lkc-…}) and a Cloud API
 * key for the Metrics API, which gives topic sizes (Confluent Cloud refuses describeLogDirs) and
 * each topic's traffic over the last 24 hours. The key is a Cloud API key whose owner has the
 * MetricsViewer role; cluster-scoped Kafka keys are refused by the Metrics API. The key id is given
 * inline ({@code apiKey}, not a secret, like a SASL username) or as a reference ({@code
 * apiKeyRef}); the secret only as a reference. {@code environment} is a label for the catalog.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfluentCloudConfig(
    String clusterId,
    String apiKey,
    String apiKeyRef,
    String apiSecretRef,
    String metricsUrl,
    String environment) {

  /** The Metrics API's server, from Confluent's API reference. */
  public static final String DEFAULT_METRICS_URL = "https://api.telemetry.confluent.cloud";

  public String metricsUrlOrDefault() {
    return metricsUrl == null ? DEFAULT_METRICS_URL : metricsUrl;
  }

  /** How messages name the key: its id when inline, else its reference; never a secret. */
  public String keyName() {
    return apiKey != null ? "key " + apiKey : "key from " + apiKeyRef;
  }
}
