package io.kcrawler.model;

import java.util.List;
import java.util.Map;

/**
 * The workflow's result: counts per kind, per-phase status and duration, warnings and where the
 * output is. Small by construction (bounded warnings, no records).
 */
public record CrawlSummary(
    String connectionId,
    String clusterId,
    CrawlStatus status,
    Map<String, Long> counts,
    List<PhaseSummary> phases,
    List<String> warnings,
    String outputLocation,
    long durationMs) {}
