package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kcrawler.activities.artifacts.ArtifactStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The previous successful crawl's assets, per connection: one JSON Lines entry per asset with its
 * qualifiedName, type, content hash and the few facts the change report compares (partitions and
 * config overrides of a topic, committed offsets of a group, versions and compatibility of a
 * subject). Written only after a publish succeeded, so a failed publish is diffed against the last
 * good one again.
 */
final class CatalogManifest {

  /** One asset of a crawl as the manifest keeps it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String qualifiedName,
      String typeName,
      String hash,
      String factsHash,
      Map<String, Object> facts) {}

  /** What the diff keeps in memory per previous asset: two 64-bit hashes, no content. */
  static final class Previous {
    final String typeName;
    final long hash;
    final long factsHash;

    /** Set when this crawl emitted the asset; previous assets never seen are stale. */
    boolean seen;

    Previous(String typeName, long hash, long factsHash, boolean seen) {
      this.typeName = typeName;
      this.hash = hash;
      this.factsHash = factsHash;
      this.seen = seen;
    }
  }

  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private static final TypeReference<Map<String, Object>> FACTS = new TypeReference<>() {};

  private CatalogManifest() {}

  static String manifestKey(String connectionId) {
    return "connections/" + connectionId + "/catalog/manifest.jsonl";
  }

  /**
   * Loads the qualifiedName → hashes index of the previous manifest into {@code index}; nothing on
   * a first crawl.
   */
  static void loadIndex(
      ArtifactStore store, String connectionId, ObjectMapper mapper, Map<String, Previous> index)
      throws IOException {
    String key = manifestKey(connectionId);
    if (!store.exists(key)) {
      return;
    }
    Map<String, String> types = new HashMap<>();
    forEachEntry(
        store,
        key,
        mapper,
        (qualifiedName, typeName) -> false,
        e ->
            index.put(
                e.qualifiedName(),
                new Previous(
                    types.computeIfAbsent(e.typeName(), t -> t),
                    parse(e.hash()),
                    parse(e.factsHash()),
                    false)));
  }

  /**
   * Calls {@code action} for every entry of the manifest at {@code key}, with its facts only when
   * {@code wantFacts} asks for them (by qualifiedName and type): most entries of a previous
   * manifest are only compared by hash, and skipping their facts unparsed halves the read.
   */
  static void forEachEntry(
      ArtifactStore store,
      String key,
      ObjectMapper mapper,
      BiPredicate<String, String> wantFacts,
      Consumer<Entry> action)
      throws IOException {
    try (InputStream in = new BufferedInputStream(store.openRead(key), READ_BUFFER_BYTES);
        JsonParser p = mapper.createParser(in)) {
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String qualifiedName = null;
        String typeName = null;
        String hash = null;
        String factsHash = null;
        Map<String, Object> facts = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          switch (field) {
            case "qualifiedName" -> qualifiedName = p.getValueAsString();
            case "typeName" -> typeName = p.getValueAsString();
            case "hash" -> hash = p.getValueAsString();
            case "factsHash" -> factsHash = p.getValueAsString();
            case "facts" -> {
              // The writer puts the name and type first; a hand-edited line may not.
              boolean wanted =
                  qualifiedName == null
                      || typeName == null
                      || wantFacts.test(qualifiedName, typeName);
              if (value == JsonToken.START_OBJECT && wanted) {
                facts = mapper.readValue(p, FACTS);
              } else {
                p.skipChildren();
              }
            }
            default -> p.skipChildren();
          }
        }
        action.accept(new Entry(qualifiedName, typeName, hash, factsHash, facts));
      }
    }
  }

  static boolean exists(ArtifactStore store, String connectionId) throws IOException {
    return store.exists(manifestKey(connectionId));
  }

  /**
   * Where the current manifest's assets were published: under which Atlan connection, to which
   * catalog. Only when both match may the next publish leave unchanged assets out.
   */
  record PublishedTo(String connectionQualifiedName, String target) {}

  static String publishedToKey(String connectionId) {
    return "connections/" + connectionId + "/catalog/published-to.json";
  }

  /** Where the current manifest was published, or null (first crawl, or an older worker's). */
  static PublishedTo publishedTo(ArtifactStore store, String connectionId, ObjectMapper mapper)
      throws IOException {
    String key = publishedToKey(connectionId);
    if (!store.exists(key)) {
      return null;
    }
    try (InputStream in = store.openRead(key)) {
      return mapper.readValue(in, PublishedTo.class);
    }
  }

  /** Makes the run's manifest the connection's current one, published to {@code to}. */
  static void promote(
      ArtifactStore store,
      String runManifestKey,
      String connectionId,
      PublishedTo to,
      ObjectMapper mapper)
      throws IOException {
    store.copy(runManifestKey, manifestKey(connectionId));
    try (java.io.OutputStream out = store.openWrite(publishedToKey(connectionId))) {
      mapper.writeValue(out, to);
    }
  }

  /** A stable 64-bit content hash: SHA-256 of the canonical JSON (map keys sorted). */
  static final class Hasher {
    private final ObjectMapper canonical;
    private final MessageDigest sha256;

    Hasher(ObjectMapper mapper) {
      this.canonical =
          mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JVM", e);
      }
    }

    long hash(Object value) throws IOException {
      if (value == null) {
        return 0;
      }
      return hashBytes(canonical.writeValueAsBytes(value));
    }

    /**
     * The hash of JSON that is already canonical: an asset's JSON is, because the builder puts
     * attributes in a fixed order (so its bytes are hashed as written to the sink, not re-sorted).
     */
    long hashBytes(byte[] json) {
      byte[] digest = sha256.digest(json);
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }
  }

  static String hex(long hash) {
    return HexFormat.of().toHexDigits(hash);
  }

  private static long parse(String hex) {
    return hex == null ? 0 : HexFormat.fromHexDigitsToLong(hex);
  }
}
