package io.kcrawler.model;

import java.util.Collection;

/**
 * How a finished crawl went, the {@code status} of its {@link CrawlSummary}; serialized by name. A
 * crawl that fails has no summary: its workflow fails with a {@link FailureType} instead.
 */
public enum CrawlStatus {
  /** Every phase finished OK or was skipped. */
  SUCCEEDED,
  /** The crawl finished, but at least one phase is DEGRADED or FAILED (the crawl went on). */
  PARTIAL;

  /**
   * The status of a crawl whose phases went as {@code phases} say: the one rule, used by the
   * workflow for its result and by publish for {@code crawl-summary.json}.
   */
  public static CrawlStatus of(Collection<PhaseSummary> phases) {
    for (PhaseSummary p : phases) {
      if (p.status() == PhaseStatus.FAILED || p.status() == PhaseStatus.DEGRADED) {
        return PARTIAL;
      }
    }
    return SUCCEEDED;
  }
}
