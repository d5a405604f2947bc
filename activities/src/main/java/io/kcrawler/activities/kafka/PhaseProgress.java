package io.kcrawler.activities.kafka;

import io.kcrawler.model.ProgressDetails.Checkpoint;

/**
 * Where a long phase reports how far it got and the last checkpoint it made durable. Activities
 * heartbeat it to Temporal (which throttles heartbeats itself); outside an activity it is a no-op.
 */
@FunctionalInterface
public interface PhaseProgress {
  PhaseProgress NONE = (done, total, batches, checkpoint) -> {};

  /** {@code checkpoint} is null until the phase has made one durable. */
  void report(long done, long total, int completedBatches, Checkpoint checkpoint);
}
