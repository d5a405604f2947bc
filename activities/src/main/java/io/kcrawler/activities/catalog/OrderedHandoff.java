package io.kcrawler.activities.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands items from the activity thread to one consumer thread, in order: the publish builds and
 * hashes assets on one core while the consumer tracks changes and writes the manifest and the sink
 * on another. A bounded queue keeps memory flat; a consumer failure surfaces on the next {@link
 * #put} or on {@link #finish}, unchanged (a RuntimeException such as a cancelled heartbeat stays
 * what it was).
 */
final class OrderedHandoff<T> implements AutoCloseable {
  /** Items in flight: enough to ride out a slow sink batch, small next to a crawl. */
  static final int DEPTH = 2_048;

  /** How often a blocked producer checks whether the consumer died. */
  private static final long POLL_MS = 50;

  /** Processes one item; may throw IOException. */
  @FunctionalInterface
  interface Consumer<T> {
    void accept(T item) throws IOException;
  }

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
  private final Thread thread;
  private volatile Throwable failure;

  OrderedHandoff(String name, Consumer<T> consumer) {
    thread = new Thread(() -> drain(consumer), name);
    thread.setDaemon(true);
    thread.start();
  }

  @SuppressWarnings("unchecked")
  private void drain(Consumer<T> consumer) {
    try {
      while (true) {
        Object item = queue.take();
        if (item == END) {
          return;
        }
        consumer.accept((T) item);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      failure = t;
      queue.clear(); // unblock the producer
    }
  }

  void put(T item) throws IOException {
    try {
      while (!queue.offer(item, POLL_MS, TimeUnit.MILLISECONDS)) {
        rethrow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while handing over an asset", e);
    }
    rethrow();
  }

  /** Waits until the consumer processed every item; rethrows its failure. */
  void finish() throws IOException {
    try {
      while (failure == null && !queue.offer(END, POLL_MS, TimeUnit.MILLISECONDS)) {
        // consumer still busy
      }
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the asset consumer", e);
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IOException(t);
  }

  /** Stops the consumer if {@link #finish} was not reached (the producer failed). */
  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
