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
    long totalWarnings) {

  /** At most this many warnings per phase travel through history; the rest are counted. */
  public static final int MAX_WARNINGS_IN_HISTORY = 20;

  public static PhaseResult of(
      String phase,
      Map<String, Long> counts,
      Map<String, ArtifactRef> artifacts,
      List<String> warnings) {
    List<String> kept =
        warnings.size() <= MAX_WARNINGS_IN_HISTORY
            ? List.copyOf(warnings)
            : List.copyOf(warnings.subList(0, MAX_WARNINGS_IN_HISTORY));
    return new PhaseResult(phase, Map.copyOf(counts), Map.copyOf(artifacts), kept, warnings.size());
  }

  public ArtifactRef artifact(String kind) {
    return artifacts.get(kind);
  }
}
