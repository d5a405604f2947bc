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
 * default/confluent-kafka/<epoch>}, stable for the connection's lifetime: taken from configuration
 * when pinned there, else read from {@code connections/<id>/catalog/connection.json}, else derived
 * from the clock once and stored there before anything is published under it.
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

  String resolve(String connectionId) throws IOException {
    String configured = pinned.get(connectionId);
    if (configured != null) {
      return configured;
    }
    String key = key(connectionId);
    if (store.exists(key)) {
      try (InputStream in = store.openRead(key)) {
        return mapper.readValue(in, Stored.class).connectionQualifiedName();
      }
    }
    String qn = AtlanQualifiedNames.connection(clock.instant().getEpochSecond());
    try (OutputStream out = store.openWrite(key)) {
      mapper.writeValue(out, new Stored(connectionId, qn));
    }
    return qn;
  }
}
