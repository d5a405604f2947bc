package io.kcrawler.activities.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads of independent artifacts run side by side on a small shared pool: parsing JSON Lines is CPU
 * work, and the publish of a large crawl reads half a dozen artifacts that do not depend on each
 * other. The pool is shared by every activity of the worker, so the threads stay bounded whatever
 * the number of concurrent crawls.
 */
public final class ArtifactReads {
  /** Threads of the shared pool: enough to use a few cores, few enough to leave the rest alone. */
  public static final int THREADS = 4;

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          THREADS,
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "kcrawler-artifact-read-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  /** One read; may throw IOException. */
  @FunctionalInterface
  public interface Read {
    void run() throws IOException;
  }

  private ArtifactReads() {}

  /**
   * Runs every read concurrently and waits for all of them; rethrows the first failure (an
   * IOException as itself, a RuntimeException unchanged). Each read must touch only its own state.
   */
  public static void all(List<Read> reads) throws IOException {
    List<CompletableFuture<Void>> running = new ArrayList<>(reads.size());
    for (Read read : reads) {
      running.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  read.run();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              POOL));
    }
    Throwable first = null;
    for (CompletableFuture<Void> f : running) {
      try {
        f.join();
      } catch (CompletionException e) {
        if (first == null) {
          first = e.getCause();
        }
      }
    }
    if (first instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (first instanceof RuntimeException r) {
      throw r;
    }
    if (first instanceof Error err) {
      throw err;
    }
  }

  /** Starts {@code read} on the pool; join the future to get its failure. */
  public static CompletableFuture<Void> start(Read read) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            read.run();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        POOL);
  }
}
