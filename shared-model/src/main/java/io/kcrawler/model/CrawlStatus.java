package io.kcrawler.model;

/**
 * How a finished crawl went, the {@code status} of its {@link CrawlSummary}; serialized by name. A
 * crawl that fails has no summary: its workflow fails with a {@link FailureType} instead.
 */
public enum CrawlStatus {
  /** Every phase finished OK or was skipped. */
  SUCCEEDED,
  /** The crawl finished, but at least one phase is DEGRADED or FAILED (the crawl went on). */
  PARTIAL
}
