package io.kcrawler.activities.catalog;

import java.util.List;
import java.util.Map;

/**
 * The worker's catalog settings. {@code type} is {@code file} (default: JSON Lines in the request's
 * outputLocation, or in the artifact store when it has none) or {@code atlan} ({@code baseUrl} such
 * as {@code https://tenant.atlan.com}, {@code tokenRef} a credential reference to the API token).
 * {@code connectionQualifiedNames} pins a connection id to an existing Atlan connection ({@code
 * default/confluent-kafka/<epoch>}); connections not listed get an epoch derived once and kept in
 * the artifact store, and publish creates that Connection with {@code admins}. {@code maxInFlight}
 * upsert batches go to Atlan at once.
 */
public record CatalogSinkConfig(
    String type,
    String baseUrl,
    String tokenRef,
    Map<String, String> connectionQualifiedNames,
    ConnectionAdmins admins,
    Integer maxInFlight) {

  public static final String FILE = "file";
  public static final String ATLAN = "atlan";

  /**
   * Upsert batches in flight to Atlan at once, by default. From the bench's publish sweep (10k
   * topics, 200 ms per bulk request, 50 ms WAN): 1 → 76 s, 4 → 19.5 s, 8 → 10.8 s (7×). A tenant
   * that cannot keep up answers 429, which pauses all of them once; a smaller tenant can be given
   * fewer with KCRAWLER_ATLAN_MAX_IN_FLIGHT.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;

  /**
   * Who administers a Connection publish creates: Atlan refuses a Connection without at least one
   * admin user, group or role (role GUIDs, as Atlan stores them).
   */
  public record ConnectionAdmins(List<String> users, List<String> groups, List<String> roles) {
    public static final ConnectionAdmins NONE = new ConnectionAdmins(null, null, null);

    public ConnectionAdmins {
      users = users == null ? List.of() : List.copyOf(users);
      groups = groups == null ? List.of() : List.copyOf(groups);
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean isEmpty() {
      return users.isEmpty() && groups.isEmpty() && roles.isEmpty();
    }

    /** Comma-separated lists, as environment variables carry them. */
    public static ConnectionAdmins parse(String users, String groups, String roles) {
      return new ConnectionAdmins(split(users), split(groups), split(roles));
    }

    private static List<String> split(String csv) {
      if (csv == null || csv.isBlank()) {
        return List.of();
      }
      return java.util.Arrays.stream(csv.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
  }

  public CatalogSinkConfig {
    type = type == null || type.isBlank() ? FILE : type;
    connectionQualifiedNames =
        connectionQualifiedNames == null ? Map.of() : Map.copyOf(connectionQualifiedNames);
    admins = admins == null ? ConnectionAdmins.NONE : admins;
    maxInFlight = maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    if (!type.equals(FILE) && !type.equals(ATLAN)) {
      throw new IllegalArgumentException("catalog sink type must be file or atlan, got " + type);
    }
    if (type.equals(ATLAN) && (baseUrl == null || baseUrl.isBlank() || tokenRef == null)) {
      throw new IllegalArgumentException("the atlan catalog sink needs baseUrl and tokenRef");
    }
  }

  /** The same settings with these connections pinned to existing Atlan connections. */
  public CatalogSinkConfig withConnectionQualifiedNames(Map<String, String> pinned) {
    return new CatalogSinkConfig(type, baseUrl, tokenRef, pinned, admins, maxInFlight);
  }

  /** The same settings with these admins for the Connections publish creates. */
  public CatalogSinkConfig withAdmins(ConnectionAdmins connectionAdmins) {
    return new CatalogSinkConfig(
        type, baseUrl, tokenRef, connectionQualifiedNames, connectionAdmins, maxInFlight);
  }

  /** The same settings with this many upsert batches in flight to Atlan. */
  public CatalogSinkConfig withMaxInFlight(int batches) {
    return new CatalogSinkConfig(
        type, baseUrl, tokenRef, connectionQualifiedNames, admins, batches);
  }

  public static CatalogSinkConfig file() {
    return new CatalogSinkConfig(FILE, null, null, null, null, null);
  }

  public static CatalogSinkConfig atlan(String baseUrl, String tokenRef) {
    return new CatalogSinkConfig(ATLAN, baseUrl, tokenRef, null, null, null);
  }
}
