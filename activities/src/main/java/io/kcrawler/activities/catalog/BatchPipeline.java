package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.CatalogSink.SerializedAsset;
import io.kcrawler.activities.catalog.CatalogSink.StaleAsset;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Cuts assets into numbered batches and hands them to the sink: upserts with up to {@code
 * maxInFlight} batches at once, where a batch first waits for the in-flight batches that hold an
 * asset it references (Atlan refuses a relationship to an asset it has not stored yet); then, after
 * every upsert completed, the archives one at a time. Batch numbers depend only on the assets, so a
 * retry skips exactly the batches an earlier attempt completed: those below {@code startBatch} and
 * those it reported as completed ahead of it.
 */
final class BatchPipeline implements AutoCloseable {
  /**
   * Assets per bulk request: small enough that Atlan answers well within its gateway timeout and a
   * retried batch re-sends little, large enough that 5,000 assets take 100 requests.
   */
  static final int UPSERT_BATCH_SIZE = 50;

  /**
   * Stale assets per archive batch: one search finds their GUIDs, one DELETE archives them; 100
   * GUIDs keep the DELETE's query string near 4 KB, under common gateways' URL limits.
   */
  static final int ARCHIVE_BATCH_SIZE = 100;

  /** Told after every batch the sink accepted. */
  interface Progress {
    /**
     * @param completedBatches every batch below this number is complete
     * @param completedAhead batches above it that are complete too
     * @param assetsDone assets in all complete batches
     */
    void batchesDone(int completedBatches, List<Integer> completedAhead, long assetsDone);
  }

  private record Sent(int number, int assets, Future<?> future, List<String> qualifiedNames) {}

  private final CatalogSink sink;
  private final int maxInFlight;
  private final int startBatch;
  private final Set<Integer> doneAhead;
  private final Progress progress;
  private final ExecutorService pool;
  private final List<SerializedAsset> upserts = new ArrayList<>(UPSERT_BATCH_SIZE);
  private final List<StaleAsset> archives = new ArrayList<>(ARCHIVE_BATCH_SIZE);
  private final Deque<Sent> inFlight = new ArrayDeque<>();
  private final Map<String, Sent> holders = new HashMap<>();
  private final TreeSet<Integer> completedAhead = new TreeSet<>();
  private int batches;
  private int skipped;
  private int lowWater;
  private long done;

  BatchPipeline(
      CatalogSink sink,
      int maxInFlight,
      int startBatch,
      List<Integer> doneAhead,
      Progress progress) {
    this.sink = sink;
    this.maxInFlight = Math.max(1, maxInFlight);
    this.startBatch = startBatch;
    this.doneAhead = Set.copyOf(doneAhead);
    this.progress = progress;
    this.pool =
        this.maxInFlight == 1
            ? null
            : Executors.newFixedThreadPool(
                this.maxInFlight,
                r -> {
                  Thread t = new Thread(r, "kcrawler-publish-batch");
                  t.setDaemon(true);
                  return t;
                });
  }

  void upsert(SerializedAsset asset) throws IOException {
    upserts.add(asset);
    if (upserts.size() == UPSERT_BATCH_SIZE) {
      sendUpserts();
    }
  }

  /** Sends the last partial batch and waits until every upsert completed. */
  void flushUpserts() throws IOException {
    if (!upserts.isEmpty()) {
      sendUpserts();
    }
    while (!inFlight.isEmpty()) {
      await(inFlight.peekFirst());
    }
  }

  void archive(StaleAsset s) throws IOException {
    archives.add(s);
    if (archives.size() == ARCHIVE_BATCH_SIZE) {
      flushArchives();
    }
  }

  void flushArchives() throws IOException {
    if (archives.isEmpty()) {
      return;
    }
    int number = batches++;
    if (skip(number)) {
      skipped++;
    } else {
      sink.archive(List.copyOf(archives));
    }
    complete(number, archives.size(), !skip(number));
    archives.clear();
  }

  int batches() {
    return batches;
  }

  int skipped() {
    return skipped;
  }

  private boolean skip(int number) {
    return number < startBatch || doneAhead.contains(number);
  }

  private void sendUpserts() throws IOException {
    List<SerializedAsset> batch = List.copyOf(upserts);
    upserts.clear();
    int number = batches++;
    if (skip(number)) {
      skipped++;
      complete(number, batch.size(), false);
      return;
    }
    if (pool == null) {
      sink.upsertSerialized(batch);
      complete(number, batch.size(), true);
      return;
    }
    for (SerializedAsset a : batch) {
      for (String target : references(a.entity())) {
        Sent holder = holders.get(target);
        if (holder != null) {
          await(holder);
        }
      }
    }
    while (inFlight.size() >= maxInFlight) {
      await(inFlight.peekFirst());
    }
    Future<?> future =
        pool.submit(
            () -> {
              sink.upsertSerialized(batch);
              return null;
            });
    List<String> names = batch.stream().map(a -> a.entity().qualifiedName()).toList();
    Sent sent = new Sent(number, batch.size(), future, names);
    inFlight.addLast(sent);
    names.forEach(qn -> holders.put(qn, sent));
    // Batches that finished meanwhile are reported now, so heartbeats keep up.
    while (!inFlight.isEmpty() && inFlight.peekFirst().future().isDone()) {
      await(inFlight.peekFirst());
    }
  }

  private void await(Sent sent) throws IOException {
    try {
      sent.future().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a catalog batch", e);
    }
    if (inFlight.remove(sent)) {
      sent.qualifiedNames().forEach(qn -> holders.remove(qn, sent));
      complete(sent.number(), sent.assets(), true);
    }
  }

  private void complete(int number, int assets, boolean report) {
    done += assets;
    completedAhead.add(number);
    while (completedAhead.remove(lowWater)) {
      lowWater++;
    }
    if (report) {
      progress.batchesDone(lowWater, List.copyOf(completedAhead), done);
    }
  }

  /** The qualifiedNames an asset's relationships point at. */
  @SuppressWarnings("unchecked")
  static List<String> references(AtlanEntity entity) {
    List<String> targets = new ArrayList<>();
    for (Object rel : entity.relationshipAttributes().values()) {
      for (Object ref : rel instanceof List<?> list ? list : List.of(rel)) {
        Object unique = ((Map<String, Object>) ref).get("uniqueAttributes");
        if (unique instanceof Map<?, ?> u && u.get("qualifiedName") instanceof String qn) {
          targets.add(qn);
        }
      }
    }
    return targets;
  }

  /**
   * After a failure, lets the batches still in flight finish (each within the sink's own retries)
   * and reports those that completed, so the retry skips them: interrupting one could leave a batch
   * applied by Atlan but not reported, and sent twice.
   */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    while (!inFlight.isEmpty()) {
      Sent sent = inFlight.peekFirst();
      try {
        await(sent);
      } catch (IOException | RuntimeException e) {
        inFlight.remove(sent); // failed: the retry sends it again
      }
    }
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
