package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionQualifiedNamesTest {
  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;

  static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  @Test
  void givenANewConnection_whenResolvedOnLaterCrawls_thenTheEpochOfTheFirstCrawlStays()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);

    String first =
        new ConnectionQualifiedNames(store, mapper, Map.of(), at(1700000000))
            .resolve("prod", null)
            .qualifiedName();
    String later =
        new ConnectionQualifiedNames(store, mapper, Map.of(), at(1800000000))
            .resolve("prod", null)
            .qualifiedName();
    String other =
        new ConnectionQualifiedNames(store, mapper, Map.of(), at(1800000000))
            .resolve("dev", null)
            .qualifiedName();

    assertThat(first).isEqualTo("default/confluent-kafka/1700000000");
    assertThat(later).isEqualTo(first);
    assertThat(other).isEqualTo("default/confluent-kafka/1800000000");
  }

  @Test
  void givenAPinnedConnection_whenResolved_thenTheConfiguredNameWinsAndNothingIsStored()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);

    String qn =
        new ConnectionQualifiedNames(
                store, mapper, Map.of("prod", "default/confluent-kafka/1657275059"), at(1))
            .resolve("prod", null)
            .qualifiedName();

    assertThat(qn).isEqualTo("default/confluent-kafka/1657275059");
    assertThat(store.exists(ConnectionQualifiedNames.key("prod"))).isFalse();
  }

  @Test
  void givenARequestNamingAConnection_whenResolved_thenItWinsAndMustExist() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);

    ConnectionQualifiedNames.Resolved named =
        new ConnectionQualifiedNames(
                store, mapper, Map.of("prod", "default/confluent-kafka/1657275059"), at(1))
            .resolve("prod", "default/confluent-kafka/1600000000");
    ConnectionQualifiedNames.Resolved derived =
        new ConnectionQualifiedNames(store, mapper, Map.of(), at(1700000000)).resolve("dev", null);

    assertThat(named)
        .isEqualTo(
            new ConnectionQualifiedNames.Resolved("default/confluent-kafka/1600000000", true));
    assertThat(derived.pinned()).isFalse();
  }
}
