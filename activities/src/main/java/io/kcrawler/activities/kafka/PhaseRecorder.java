package io.kcrawler.activities.kafka;

import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.PhaseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the counts, artifacts, warnings and denied operations of one phase. */
final class PhaseRecorder {
  private final String phase;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> denied = new ArrayList<>();

  PhaseRecorder(String phase) {
    this.phase = phase;
  }

  void count(String key, long n) {
    counts.merge(key, n, Long::sum);
  }

  void artifact(String kind, ArtifactRef ref) {
    artifacts.put(kind, ref);
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  /** Records an operation the principal may not perform and what is missing because of it. */
  void denied(String operation, String resource, String consequence) {
    denied.add(operation + " on " + resource + ": " + consequence);
  }

  PhaseResult result() {
    if (!denied.isEmpty()) {
      counts.put("denied", (long) denied.size());
    }
    return PhaseResult.of(phase, counts, artifacts, warnings, denied);
  }
}
