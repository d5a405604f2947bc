package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one crawl phase returns to the workflow: counts, artifact references and a bounded list of
 * warnings (the full list is in an artifact), so history stays small for any cluster size. Warnings
 * and denied operations degrade the phase; {@code notes} say how a complete read was made (a
 * fallback that is normal operation) and do not. Absent notes are left out of the JSON, so results
 * of older workers and older histories read the same.
 */
public record PhaseResult(
    String phase,
    Map<String, Long> counts,
    Map<String, ArtifactRef> artifacts,
    List<String> warnings,
    long totalWarnings,
    List<String> denied,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes) {

  public PhaseResult {
    notes = notes == null ? List.of() : capped(notes);
  }

  public PhaseResult(
      String phase,
      Map<String, Long> counts,
      Map<String, ArtifactRef> artifacts,
      List<String> warnings,
      long totalWarnings,
      List<String> denied) {
    this(phase, counts, artifacts, warnings, totalWarnings, denied, List.of());
  }

  /** This result with informational {@code notes} (they do not degrade the phase). */
  public PhaseResult withNotes(List<String> notes) {
    return new PhaseResult(phase, counts, artifacts, warnings, totalWarnings, denied, notes);
  }

  /** At most this many warnings per phase travel through history; the rest are counted. */
  public static final int MAX_WARNINGS_IN_HISTORY = 20;

  public static PhaseResult of(
      String phase,
      Map<String, Long> counts,
      Map<String, ArtifactRef> artifacts,
      List<String> warnings) {
    return of(phase, counts, artifacts, warnings, List.of());
  }

  /**
   * A phase result with the operations the principal was denied (e.g. "DESCRIBE_CONFIGS on TOPIC
   * payments: configs missing"); both lists are capped for history, the total of warnings kept.
   */
  public static PhaseResult of(
      String phase,
      Map<String, Long> counts,
      Map<String, ArtifactRef> artifacts,
      List<String> warnings,
      List<String> denied) {
    return new PhaseResult(
        phase,
        Map.copyOf(counts),
        Map.copyOf(artifacts),
        capped(warnings),
        warnings.size(),
        capped(denied));
  }

  /** The first {@link #MAX_WARNINGS_IN_HISTORY} entries of {@code list}. */
  public static List<String> capped(List<String> list) {
    return list.size() <= MAX_WARNINGS_IN_HISTORY
        ? List.copyOf(list)
        : List.copyOf(list.subList(0, MAX_WARNINGS_IN_HISTORY));
  }

  public ArtifactRef artifact(String kind) {
    return artifacts.get(kind);
  }
}
