package io.kcrawler.activities.catalog;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where published assets go: a directory of JSON Lines files or Atlan's API. The publisher calls
 * {@link #upsert} and {@link #archive} with numbered batches in a deterministic order, so a sink
 * that is {@link #resumable()} may be handed only the batches a crashed attempt did not finish.
 */
public interface CatalogSink extends AutoCloseable {

  /**
   * True when batches written by an earlier attempt stay written (Atlan), so a retry may skip them;
   * false when the output is only complete if one attempt writes all of it (files).
   */
  boolean resumable();

  /**
   * True when the catalog keeps what it was sent (Atlan), so a publish may leave out assets that
   * did not change since the previous publish to the same catalog; false when every publish must
   * write everything (files are a snapshot).
   */
  default boolean incremental() {
    return false;
  }

  /** How many upsert batches may be in flight at once; 1 for a sink that is not thread-safe. */
  default int maxInFlight() {
    return 1;
  }

  /**
   * What the catalog's type system has of these types. A sink without a type system of its own
   * (files) writes for the current model.
   */
  default TenantTypes tenantTypes(Collection<String> typeNames) throws IOException {
    return TenantTypes.current();
  }

  /**
   * Makes sure the Connection all assets hang off exists before any asset is sent: creates it when
   * absent, or, when {@code mustExist} (it was named by the request or the worker), fails when it
   * is absent.
   */
  void ensureConnection(AtlanEntity connection, boolean mustExist) throws IOException;

  /** Creates or updates these assets, matched by typeName and qualifiedName. */
  void upsert(List<AtlanEntity> batch) throws IOException;

  /**
   * Like {@link #upsert}, with each asset's compact JSON already made (the publisher serializes an
   * asset once, to hash it): a sink that writes that JSON as is overrides this to skip a second
   * serialization.
   */
  default void upsertSerialized(List<SerializedAsset> batch) throws IOException {
    upsert(batch.stream().map(SerializedAsset::entity).toList());
  }

  /** Archives (soft-deletes) assets that are gone from the cluster; absent ones are skipped. */
  void archive(List<StaleAsset> batch) throws IOException;

  /** Stores the change report next to the assets, where the sink has such a place. */
  default void writeChangeReport(String markdown, byte[] json) throws IOException {}

  /** What the sink itself counted (e.g. Atlan's CREATE/UPDATE answers), for the phase result. */
  default Map<String, Long> counts() {
    return Map.of();
  }

  /** A human-readable location of the output: a directory or the catalog's URL. */
  String location();

  /** Commits the output: called once, after every batch and the change report were written. */
  @Override
  void close() throws IOException;

  /** Drops what a failed publish wrote where that is possible (files); Atlan keeps its batches. */
  default void abort() {}

  /** An asset and its compact JSON (one line of a JSON Lines file, without the newline). */
  record SerializedAsset(AtlanEntity entity, byte[] json) {}

  /** An asset of the previous crawl that this crawl no longer found. */
  record StaleAsset(String typeName, String qualifiedName) {}
}
