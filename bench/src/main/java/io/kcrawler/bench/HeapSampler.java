package io.kcrawler.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Samples used heap every few milliseconds and keeps the peak. The broker, the registry stand-in
 * and Temporal's test server share this JVM, so each run reports its peak above the level measured
 * right after a GC at its start. Sampled use includes garbage not yet collected, so it also keeps
 * the peak of heap in use right after each GC, a closer bound of what the run really holds.
 */
final class HeapSampler implements AutoCloseable {
  private static final long PERIOD_MS = 5;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile long peak;
  private volatile long peakAfterGc;
  private volatile boolean running = true;

  HeapSampler() {
    thread =
        new Thread(
            () -> {
              while (running) {
                peak = Math.max(peak, used());
                try {
                  Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long after =
                    info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed())
                        .sum();
                peakAfterGc = Math.max(peakAfterGc, after);
              },
              null,
              null);
    }
  }

  private long used() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** GCs, then starts a new measurement; returns the heap in use after the GC. */
  long reset() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long base = used();
    peak = base;
    peakAfterGc = base;
    return base;
  }

  long peakAfterGc() {
    return peakAfterGc;
  }

  long peak() {
    return Math.max(peak, used());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
