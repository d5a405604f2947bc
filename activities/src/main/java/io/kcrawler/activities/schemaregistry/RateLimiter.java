package io.kcrawler.activities.schemaregistry;

import java.util.concurrent.TimeUnit;

/** Spaces requests evenly so a crawl stays under a registry's reads-per-second quota. */
final class RateLimiter {
  private final long intervalNanos;
  private long nextFreeNanos = System.nanoTime();

  RateLimiter(double permitsPerSecond) {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("permitsPerSecond must be > 0");
    }
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond);
  }

  void acquire() throws InterruptedException {
    long waitNanos;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, nextFreeNanos);
      nextFreeNanos = slot + intervalNanos;
      waitNanos = slot - now;
    }
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }
}
