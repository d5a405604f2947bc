package io.kcrawler.activities.kafka;

import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.PhaseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the counts, artifacts, warnings and denied operations of one phase. Only the first
 * {@link PhaseResult#MAX_WARNINGS_IN_HISTORY} warnings and denied operations are kept (all a result
 * carries), so a recorder fits in heartbeat details and a retry can go on from one ({@link
 * #resumed}).
 */
final class PhaseRecorder {
  private static final String DENIED = "denied";

  private final String phase;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> denied = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private long totalWarnings;
  private long totalDenied;

  PhaseRecorder(String phase) {
    this.phase = phase;
  }

  /** A recorder that goes on from {@code soFar}, a {@link #result()} of an earlier attempt. */
  static PhaseRecorder resumed(PhaseResult soFar) {
    PhaseRecorder rec = new PhaseRecorder(soFar.phase());
    rec.add(soFar);
    return rec;
  }

  /** Adds what {@code other} recorded after what this one did. */
  void merge(PhaseRecorder other) {
    add(other.result());
  }

  private void add(PhaseResult r) {
    r.counts()
        .forEach(
            (k, n) -> {
              if (k.equals(DENIED)) {
                totalDenied += n;
              } else {
                count(k, n);
              }
            });
    artifacts.putAll(r.artifacts());
    r.warnings().forEach(w -> keep(warnings, w));
    totalWarnings += r.totalWarnings();
    r.denied().forEach(d -> keep(denied, d));
    r.notes().forEach(n -> keep(notes, n));
  }

  void count(String key, long n) {
    counts.merge(key, n, Long::sum);
  }

  void artifact(String kind, ArtifactRef ref) {
    artifacts.put(kind, ref);
  }

  void warn(String warning) {
    keep(warnings, warning);
    totalWarnings++;
  }

  /** Records an operation the principal may not perform and what is missing because of it. */
  void denied(String operation, String resource, String consequence) {
    keep(denied, operation + " on " + resource + ": " + consequence);
    totalDenied++;
  }

  /** Says how a complete read was made, or why something is absent by design (not a warning). */
  void note(String note) {
    keep(notes, note);
  }

  private static void keep(List<String> list, String entry) {
    if (list.size() < PhaseResult.MAX_WARNINGS_IN_HISTORY) {
      list.add(entry);
    }
  }

  PhaseResult result() {
    Map<String, Long> all = new LinkedHashMap<>(counts);
    if (totalDenied > 0) {
      all.put(DENIED, totalDenied);
    }
    return new PhaseResult(
        phase,
        Map.copyOf(all),
        Map.copyOf(artifacts),
        List.copyOf(warnings),
        totalWarnings,
        List.copyOf(denied),
        List.copyOf(notes));
  }
}
