package io.kcrawler.model;

import java.util.List;
import java.util.Map;

/**
 * What one crawl phase returns to the workflow: counts, artifact references and a bounded list of
 * warnings (the full list is in an artifact), so history stays small for any cluster size.
 */
public record PhaseResult(
    String phase,
    Map<String, Long> counts,
    Map<String, ArtifactRef> artifacts,
    List<String> warnings,
    long totalWarnings,
    List<String> denied) {

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
