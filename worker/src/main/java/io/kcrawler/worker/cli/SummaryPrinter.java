package io.kcrawler.worker.cli;

import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import java.io.PrintStream;
import java.util.TreeMap;

/** Prints a crawl summary for people: status, counts, phases with durations, warnings, output. */
public final class SummaryPrinter {
  private SummaryPrinter() {}

  public static void print(CrawlSummary s, PrintStream out) {
    out.println();
    out.println(
        "Crawl of "
            + s.connectionId()
            + " (cluster "
            + s.clusterId()
            + "): "
            + s.status()
            + " in "
            + s.durationMs()
            + " ms");
    // Each phase's counts under it, in the order the phases ran, names sorted: the same summary
    // always prints the same way.
    out.println("Counts:");
    for (PhaseSummary p : s.phases()) {
      if (p.counts() == null || p.counts().isEmpty() || p.phase().equals(Phases.PREFLIGHT)) {
        continue;
      }
      out.println("  " + p.phase());
      new TreeMap<>(p.counts()).forEach((k, v) -> out.printf("    %-28s %,d%n", k, v));
    }
    out.println("Phases:");
    for (PhaseSummary p : s.phases()) {
      out.printf(
          "  %-16s %-9s %7d ms%s%n",
          p.phase(), p.status(), p.durationMs(), p.error() == null ? "" : "  " + p.error());
    }
    for (PhaseSummary p : s.phases()) {
      p.notes().forEach(n -> out.println("  " + p.phase() + " note: " + n));
    }
    String risk = RiskGate.summaryLine(s);
    if (risk != null) {
      out.println(risk);
    }
    if (!s.warnings().isEmpty()) {
      out.println("Warnings:");
      s.warnings().forEach(w -> out.println("  - " + w));
    }
    out.println("Output: " + s.outputLocation());
  }
}
