package io.kcrawler.model;

import java.util.List;
import java.util.Map;

/**
 * How one phase went: its {@link PhaseStatus} (OK, DEGRADED, FAILED, SKIPPED, or RUNNING in the
 * progress query); {@code error} says why when FAILED or SKIPPED.
 */
public record PhaseSummary(
    String phase,
    PhaseStatus status,
    long durationMs,
    Map<String, Long> counts,
    List<String> warnings,
    long totalWarnings,
    List<String> denied,
    String error) {}
