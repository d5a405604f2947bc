package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * The Atlan connection qualifiedName of a crawler connection, {@code
 * default/confluent-kafka/<epoch>}, stable for the connection's lifetime: taken from the request or
 * the worker's configuration when named there, else read from {@code
 * connections/<id>/catalog/connection.json}, else derived from the clock once and stored there
 * before anything is published under it.
 */
final class ConnectionQualifiedNames {
  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final Map<String, String> pinned;
  private final Clock clock;

  ConnectionQualifiedNames(
      ArtifactStore store, ObjectMapper mapper, Map<String, String> pinned, Clock clock) {
    this.store = store;
    this.mapper = mapper;
    this.pinned = pinned;
    this.clock = clock;
  }

  static String key(String connectionId) {
    return "connections/" + connectionId + "/catalog/connection.json";
  }

  record Stored(String connectionId, String connectionQualifiedName) {}

  /**
   * A connection's qualifiedName, and whether it was named to us (by the request or the worker):
   * such a connection must exist already, while a derived one is created by publish.
   */
  record Resolved(String qualifiedName, boolean pinned) {}

  /**
   * @param requested the qualifiedName the crawl request names, or null
   */
  Resolved resolve(String connectionId, String requested) throws IOException {
    if (requested != null) {
      return new Resolved(requested, true);
    }
    String configured = pinned.get(connectionId);
    if (configured != null) {
      return new Resolved(configured, true);
    }
    String key = key(connectionId);
    if (store.exists(key)) {
      try (InputStream in = store.openRead(key)) {
        return new Resolved(mapper.readValue(in, Stored.class).connectionQualifiedName(), false);
      }
    }
    String qn = AtlanQualifiedNames.connection(clock.instant().getEpochSecond());
    try (OutputStream out = store.openWrite(key)) {
      mapper.writeValue(out, new Stored(connectionId, qn));
    }
    return new Resolved(qn, false);
  }
}
