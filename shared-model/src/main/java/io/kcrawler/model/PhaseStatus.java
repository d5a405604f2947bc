package io.kcrawler.model;

/**
 * How one phase of a crawl went, the {@code status} of its {@link PhaseSummary}; serialized by
 * name, so JSON (history payloads, {@code crawl-summary.json}, the progress query) carries these.
 */
public enum PhaseStatus {
  /** Finished with no warnings and nothing denied. */
  OK,
  /** Finished, but with warnings or with parts the principal was denied. */
  DEGRADED,
  /** Failed: the crawl went on without it (an optional phase) or failed too (a required one). */
  FAILED,
  /** Not run (no Schema Registry in the request); the summary's error says why. */
  SKIPPED,
  /** Still running: only in the workflow's progress query, never in a finished summary. */
  RUNNING;

  /**
   * The status of a phase that returned {@code r}: warnings or denials degrade it, notes do not.
   */
  public static PhaseStatus of(PhaseResult r) {
    return r.totalWarnings() > 0 || !r.denied().isEmpty() ? DEGRADED : OK;
  }
}
