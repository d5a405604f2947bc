package io.kcrawler.activities.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent artifact work side by side on a small shared pool: parsing JSON Lines is CPU work,
 * and the publish of a large crawl reads half a dozen artifacts that do not depend on each other
 * (and copies them out beside that). The pool is shared by every activity of the worker, so the
 * threads stay bounded whatever the number of concurrent crawls; a task never waits on another.
 */
public final class ArtifactIo {
  /** Threads of the shared pool: enough to use a few cores, few enough to leave the rest alone. */
  public static final int THREADS = 4;

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          THREADS,
          r -> {
            Thread t = new Thread(r, "kcrawler-artifact-io-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** One piece of artifact work; may throw IOException. */
  @FunctionalInterface
  public interface Task {
    void run() throws IOException;
  }

  private ArtifactIo() {}

  /** Starts {@code task} on the pool; {@link #await} its future to get its failure. */
  public static CompletableFuture<Void> start(Task task) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            task.run();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        POOL);
  }

  /**
   * Runs every task concurrently and waits for all of them; rethrows the first failure (an
   * IOException as itself, a RuntimeException unchanged). Each task must touch only its own state.
   */
  public static void all(List<Task> tasks) throws IOException {
    List<CompletableFuture<Void>> running = tasks.stream().map(ArtifactIo::start).toList();
    IOException first = null;
    for (CompletableFuture<Void> f : running) {
      try {
        await(f);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Waits for a started task; its IOException comes back as itself. */
  public static void await(CompletableFuture<Void> task) throws IOException {
    try {
      task.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    }
  }
}
