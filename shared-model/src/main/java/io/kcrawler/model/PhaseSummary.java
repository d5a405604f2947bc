package io.kcrawler.model;

import java.util.List;
import java.util.Map;

/**
 * How one phase went: {@code status} is OK, DEGRADED (finished with warnings or parts denied),
 * FAILED (the crawl went on without it) or SKIPPED; {@code error} says why when not OK.
 */
public record PhaseSummary(
    String phase,
    String status,
    long durationMs,
    Map<String, Long> counts,
    List<String> warnings,
    long totalWarnings,
    List<String> denied,
    String error) {}
