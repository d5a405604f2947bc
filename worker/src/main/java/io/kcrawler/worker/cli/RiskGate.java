package io.kcrawler.worker.cli;

import io.kcrawler.activities.catalog.RiskLevel;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import java.util.Map;

/**
 * {@code crawl --wait --fail-on LEVEL}: whether the crawl's change report has findings at LEVEL or
 * above, for scheduled crawls whose caller (CI, cron) acts on the exit code.
 */
final class RiskGate {
  private RiskGate() {}

  /** The exit code and the line that says why. */
  record Verdict(int exit, String line) {}

  /** The publish phase's risk counts, or null when publish did not produce them. */
  static Map<String, Long> riskCounts(CrawlSummary s) {
    for (PhaseSummary p : s.phases()) {
      if (p.phase().equals(Phases.PUBLISH)
          && p.counts() != null
          && p.counts().containsKey(RiskLevel.HIGH.countKey())) {
        return p.counts();
      }
    }
    return null;
  }

  /** The one-line risk summary of a crawl, or null when publish did not produce it. */
  static String summaryLine(CrawlSummary s) {
    Map<String, Long> counts = riskCounts(s);
    if (counts == null) {
      return null;
    }
    return "Risk: "
        + counts.get(RiskLevel.HIGH.countKey())
        + " high, "
        + counts.getOrDefault(RiskLevel.MEDIUM.countKey(), 0L)
        + " medium, "
        + counts.getOrDefault(RiskLevel.LOW.countKey(), 0L)
        + " low (catalog/change-report.md)";
  }

  static Verdict check(CrawlSummary s, RiskLevel threshold) {
    Map<String, Long> counts = riskCounts(s);
    String flag = "--fail-on " + threshold.key();
    if (counts == null) {
      return new Verdict(
          KcrawlerCli.EXIT_FAILURE,
          flag
              + ": the crawl has no change report (publish did not complete), so no risk could be"
              + " checked");
    }
    long atOrAbove = 0;
    for (RiskLevel level : RiskLevel.values()) {
      if (level.atLeast(threshold)) {
        atOrAbove += counts.getOrDefault(level.countKey(), 0L);
      }
    }
    if (atOrAbove == 0) {
      return new Verdict(0, flag + ": no finding at " + threshold + " or above");
    }
    return new Verdict(
        KcrawlerCli.EXIT_RISK,
        flag
            + ": "
            + atOrAbove
            + (atOrAbove == 1 ? " finding" : " findings")
            + " at "
            + threshold
            + " or above (see catalog/change-report.md): exit "
            + KcrawlerCli.EXIT_RISK);
  }
}
