package io.kcrawler.activities.catalog;

import java.util.Map;

/**
 * The worker's catalog settings. {@code type} is {@code file} (default: JSON Lines in the request's
 * outputLocation, or in the artifact store when it has none) or {@code atlan} ({@code baseUrl} such
 * as {@code https://tenant.atlan.com}, {@code tokenRef} a credential reference to the API token).
 * {@code connectionQualifiedNames} pins a connection id to an existing Atlan connection ({@code
 * default/confluent-kafka/<epoch>}); connections not listed get an epoch derived once and kept in
 * the artifact store. {@code clusterAsset} (default true) publishes a {@code KafkaCluster} asset
 * and relates topics to it; set it false for a tenant whose type system has no such type.
 */
public record CatalogSinkConfig(
    String type,
    String baseUrl,
    String tokenRef,
    Map<String, String> connectionQualifiedNames,
    Boolean clusterAsset) {

  public static final String FILE = "file";
  public static final String ATLAN = "atlan";

  public CatalogSinkConfig {
    type = type == null || type.isBlank() ? FILE : type;
    clusterAsset = clusterAsset == null || clusterAsset;
    connectionQualifiedNames =
        connectionQualifiedNames == null ? Map.of() : Map.copyOf(connectionQualifiedNames);
    if (!type.equals(FILE) && !type.equals(ATLAN)) {
      throw new IllegalArgumentException("catalog sink type must be file or atlan, got " + type);
    }
    if (type.equals(ATLAN) && (baseUrl == null || baseUrl.isBlank() || tokenRef == null)) {
      throw new IllegalArgumentException("the atlan catalog sink needs baseUrl and tokenRef");
    }
  }

  /** The same settings with these connections pinned to existing Atlan connections. */
  public CatalogSinkConfig withConnectionQualifiedNames(Map<String, String> pinned) {
    return new CatalogSinkConfig(type, baseUrl, tokenRef, pinned, clusterAsset);
  }

  public CatalogSinkConfig withClusterAsset(boolean publishCluster) {
    return new CatalogSinkConfig(type, baseUrl, tokenRef, connectionQualifiedNames, publishCluster);
  }

  public static CatalogSinkConfig file() {
    return new CatalogSinkConfig(FILE, null, null, null, null);
  }

  public static CatalogSinkConfig atlan(String baseUrl, String tokenRef) {
    return new CatalogSinkConfig(ATLAN, baseUrl, tokenRef, null, null);
  }
}
