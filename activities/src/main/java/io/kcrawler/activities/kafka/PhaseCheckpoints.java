package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.ChunkedJsonLinesWriter;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one attempt of a chunked phase: the one it resumes from, when the next is due,
 * and the last one made durable, which its heartbeats carry.
 *
 * <p>The SDK throttles heartbeats (to 0.8 × the heartbeat timeout), so after a crash the details a
 * retry gets may name an older checkpoint than the last one written: the retry redoes the batches
 * after it and writes their parts again under its own attempt's names; the unreported parts of the
 * dead attempt are deleted when the artifact is finished. An attempt that fails with an exception
 * is not throttled: the SDK sends its latest details along with the failure.
 */
final class PhaseCheckpoints {
  private static final Logger log = LoggerFactory.getLogger(PhaseCheckpoints.class);

  private final ArtifactStore store;
  private final String key;
  private final int attempt;
  private final Duration interval;
  private final Checkpoint resumed;
  private Checkpoint last;
  private long lastNanos = System.nanoTime();

  private PhaseCheckpoints(
      ArtifactStore store, String key, int attempt, Duration interval, Checkpoint resumed) {
    this.store = store;
    this.key = key;
    this.attempt = attempt;
    this.interval = interval;
    this.resumed = resumed;
    this.last = resumed;
  }

  /**
   * The checkpoints of the artifact {@code key}: resumes from {@code resume}'s checkpoint if every
   * part it names is still in the store, else from the start.
   */
  static PhaseCheckpoints open(
      ArtifactStore store, String key, PhaseResume resume, Duration interval) throws IOException {
    Checkpoint from = resume.checkpoint();
    if (from != null && !ChunkedJsonLinesWriter.partsPresent(store, key, from.parts())) {
      log.warn(
          "parts of {} named by the last checkpoint are gone; starting the phase over",
          store.describe(key));
      from = null;
    } else if (from != null) {
      log.info(
          "resuming {} after {} batches in {} parts",
          store.describe(key),
          from.batches(),
          from.parts().size());
    }
    return new PhaseCheckpoints(store, key, resume.attempt(), interval, from);
  }

  /** The checkpoint this attempt goes on from, or null when it starts from scratch. */
  Checkpoint resumed() {
    return resumed;
  }

  /** A recorder holding what the checkpointed batches recorded. */
  PhaseRecorder recorder(String phase) {
    return resumed == null ? new PhaseRecorder(phase) : PhaseRecorder.resumed(resumed.soFar());
  }

  int batches() {
    return resumed == null ? 0 : resumed.batches();
  }

  long done() {
    return resumed == null ? 0 : resumed.done();
  }

  /** The writer of the artifact, after the resumed parts. */
  <T> ChunkedJsonLinesWriter<T> writer(ObjectMapper mapper) {
    return ChunkedJsonLinesWriter.open(
        store, key, mapper, attempt, resumed == null ? List.of() : resumed.parts());
  }

  /** True when the last checkpoint (or the start) is at least the interval ago. */
  boolean due() {
    return System.nanoTime() - lastNanos >= interval.toNanos();
  }

  void taken(Checkpoint checkpoint) {
    last = checkpoint;
    lastNanos = System.nanoTime();
  }

  /** The latest durable checkpoint (taken or resumed from), or null. */
  Checkpoint last() {
    return last;
  }
}
