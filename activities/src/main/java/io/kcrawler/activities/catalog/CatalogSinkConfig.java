package io.kcrawler.activities.catalog;

import java.util.Map;

/**
 * The worker's catalog settings. {@code type} is {@code file} (default: JSON Lines in the request's
 * outputLocation, or in the artifact store when it has none) or {@code atlan} ({@code baseUrl} such
 * as {@code https://tenant.atlan.com}, {@code tokenRef} a credential reference to the API token).
 * {@code connectionQualifiedNames} pins a connection id to an existing Atlan connection ({@code
 * default/confluent-kafka/<epoch>}); connections not listed get an epoch derived once and kept in
 * the artifact store.
 */
public record CatalogSinkConfig(
    String type, String baseUrl, String tokenRef, Map<String, String> connectionQualifiedNames) {

  public static final String FILE = "file";
  public static final String ATLAN = "atlan";

  public CatalogSinkConfig {
    type = type == null || type.isBlank() ? FILE : type;
    connectionQualifiedNames =
        connectionQualifiedNames == null ? Map.of() : Map.copyOf(connectionQualifiedNames);
    if (!type.equals(FILE) && !type.equals(ATLAN)) {
      throw new IllegalArgumentException("catalog sink type must be file or atlan, got " + type);
    }
    if (type.equals(ATLAN) && (baseUrl == null || baseUrl.isBlank() || tokenRef == null)) {
      throw new IllegalArgumentException("the atlan catalog sink needs baseUrl and tokenRef");
    }
  }

  public static CatalogSinkConfig file() {
    return new CatalogSinkConfig(FILE, null, null, null);
  }

  public static CatalogSinkConfig atlan(String baseUrl, String tokenRef) {
    return new CatalogSinkConfig(ATLAN, baseUrl, tokenRef, null);
  }
}
