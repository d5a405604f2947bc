package io.kcrawler.activities.boundary;

import io.kcrawler.model.ProgressDetails.Checkpoint;

/**
 * Where a long phase reports how far it got and the last checkpoint it made durable. In an activity
 * it is the {@link ActivityProgress} the boundary hands the phase (heartbeats to Temporal, which
 * throttles them itself); outside one it is a no-op.
 */
@FunctionalInterface
public interface PhaseProgress {
  PhaseProgress NONE = (done, total, batches, checkpoint) -> {};

  /** {@code checkpoint} is null until the phase has made one durable. */
  void report(long done, long total, int completedBatches, Checkpoint checkpoint);
}
