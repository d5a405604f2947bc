package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.model.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a previous manifest: hashes of every entry, facts only of the entries asked for. */
class CatalogManifestTest {
  @TempDir Path dir;

  private LocalArtifactStore manifest(String... lines) throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (OutputStream out = store.openWrite(CatalogManifest.manifestKey("c1"))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return store;
  }

  @Test
  void givenAManifest_whenReadWithFactsOfOneType_thenOnlyThoseEntriesCarryFacts() throws Exception {
    LocalArtifactStore store =
        manifest(
            "{\"qualifiedName\":\"c/topic/a\",\"typeName\":\"KafkaTopic\",\"hash\":\"00000000000000ff\","
                + "\"factsHash\":\"0000000000000001\",\"facts\":{\"partitions\":3,"
                + "\"configs\":{\"retention.ms\":\"1000\"}}}",
            "{\"qualifiedName\":\"c/consumer-group/g\",\"typeName\":\"KafkaConsumerGroup\","
                + "\"hash\":\"0000000000000002\",\"facts\":{\"offsets\":[1,2]}}",
            // Written by hand, facts first: read in full, the name is not known in time.
            "{\"facts\":{\"partitions\":1},\"typeName\":\"KafkaTopic\",\"qualifiedName\":\"c/topic/b\","
                + "\"hash\":\"0000000000000003\"}");
    List<CatalogManifest.Entry> read = new ArrayList<>();

    CatalogManifest.forEachEntry(
        store,
        CatalogManifest.manifestKey("c1"),
        Json.mapper(),
        (qualifiedName, typeName) -> typeName.equals("KafkaTopic"),
        read::add);

    assertThat(read)
        .extracting(CatalogManifest.Entry::qualifiedName)
        .containsExactly("c/topic/a", "c/consumer-group/g", "c/topic/b");
    assertThat(read.get(0).facts())
        .isEqualTo(Map.of("partitions", 3, "configs", Map.of("retention.ms", "1000")));
    assertThat(read.get(0).hash()).isEqualTo("00000000000000ff");
    assertThat(read.get(1).facts()).isNull();
    assertThat(read.get(1).hash()).isEqualTo("0000000000000002");
    assertThat(read.get(2).facts()).isEqualTo(Map.of("partitions", 1));
  }

  @Test
  void givenAManifest_whenIndexed_thenEveryEntryHasItsTypeAndHashes() throws Exception {
    LocalArtifactStore store =
        manifest(
            "{\"qualifiedName\":\"c/topic/a\",\"typeName\":\"KafkaTopic\",\"hash\":\"00000000000000ff\","
                + "\"factsHash\":\"0000000000000001\",\"facts\":{\"partitions\":3}}");
    Map<String, CatalogManifest.Previous> index = new HashMap<>();

    CatalogManifest.loadIndex(store, "c1", Json.mapper(), index);
    CatalogManifest.loadIndex(store, "no-such-connection", Json.mapper(), index);

    assertThat(index).containsOnlyKeys("c/topic/a");
    CatalogManifest.Previous a = index.get("c/topic/a");
    assertThat(a.typeName).isEqualTo("KafkaTopic");
    assertThat(a.hash).isEqualTo(0xffL);
    assertThat(a.factsHash).isEqualTo(1L);
    assertThat(a.seen).isFalse();
  }
}
