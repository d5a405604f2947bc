package io.kcrawler.activities.kafka;

import io.kcrawler.model.ProgressDetails.Checkpoint;

/**
 * Where an attempt of a chunked phase starts: its number (1 for the first; part keys carry it) and
 * the checkpoint the previous attempt reported last, or null.
 */
record PhaseResume(int attempt, Checkpoint checkpoint) {
  static final PhaseResume FIRST = new PhaseResume(1, null);
}
