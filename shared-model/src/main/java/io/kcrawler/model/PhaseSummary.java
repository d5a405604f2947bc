package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How one phase went: its {@link PhaseStatus} (OK, DEGRADED, FAILED, SKIPPED, or RUNNING in the
 * progress query); {@code error} says why when FAILED or SKIPPED; {@code notes} say how a complete
 * read was made (left out of the JSON when there are none).
 */
public record PhaseSummary(
    String phase,
    PhaseStatus status,
    long durationMs,
    Map<String, Long> counts,
    List<String> warnings,
    long totalWarnings,
    List<String> denied,
    String error,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes) {

  public PhaseSummary {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public PhaseSummary(
      String phase,
      PhaseStatus status,
      long durationMs,
      Map<String, Long> counts,
      List<String> warnings,
      long totalWarnings,
      List<String> denied,
      String error) {
    this(phase, status, durationMs, counts, warnings, totalWarnings, denied, error, List.of());
  }
}
