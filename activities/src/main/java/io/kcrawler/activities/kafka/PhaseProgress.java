package io.kcrawler.activities.kafka;

/**
 * Where a long phase reports how far it got. Activities heartbeat it to Temporal (which throttles
 * heartbeats itself); outside an activity it is a no-op.
 */
@FunctionalInterface
public interface PhaseProgress {
  PhaseProgress NONE = (done, total, batches) -> {};

  void report(long done, long total, int completedBatches);
}
