package io.kcrawler.activities.catalog;

import java.util.List;
import java.util.Map;

/**
 * What matters in a crawl's changes: every finding of the {@link RiskRule}s grouped by level (HIGH
 * first), counts per level and per rule, and the lag trend of the groups with the most lag. Each
 * level lists at most {@link #MAX_FINDINGS_PER_LEVEL} findings; the counts are always complete.
 *
 * @param baseline true when the connection had no risk state yet (first crawl, or the first with
 *     this version): nothing was compared, this crawl is the baseline
 * @param counts findings per level: {@code high}, {@code medium}, {@code low}
 * @param byRule findings per rule name, rules that fired only
 * @param findings the findings per level, HIGH, MEDIUM, LOW, each sorted by rule then subject
 * @param lagTrends total lag per crawl, oldest first, of the groups with the most lag now and of
 *     every group a lag rule fired on
 * @param notChecked rules that could not be checked this crawl, and why
 */
public record RiskReport(
    boolean baseline,
    Map<String, Long> counts,
    Map<String, Long> byRule,
    Map<RiskLevel, List<RiskFinding>> findings,
    List<LagTrend> lagTrends,
    List<String> notChecked) {

  /** Findings listed per level; a bigger change is counted in full and listed this far. */
  public static final int MAX_FINDINGS_PER_LEVEL = ChangeReport.MAX_ITEMS;

  /** Groups in the lag trend besides those a rule fired on: the top of a lag chart. */
  public static final int MAX_TREND_GROUPS = 20;

  /**
   * One group's total lag over the crawls kept, and how many crawls in a row its committed offsets
   * stood still ({@code idle} when that reached the idle window with records waiting).
   */
  public record LagTrend(String group, List<Long> lags, int crawlsWithoutCommit, boolean idle) {}

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(RiskLevel level) {
    return counts.getOrDefault(level.key(), 0L);
  }

  /** The risk part of change-report.md. */
  void appendMarkdown(StringBuilder md) {
    md.append("## Risk: ")
        .append(count(RiskLevel.HIGH))
        .append(" high, ")
        .append(count(RiskLevel.MEDIUM))
        .append(" medium, ")
        .append(count(RiskLevel.LOW))
        .append(" low\n\n");
    if (baseline) {
      md.append(
          "No risk state for this connection yet: this crawl is the baseline the next one is"
              + " compared to.\n\n");
    } else if (total() == 0) {
      md.append("No risky change since the previous crawl.\n\n");
    }
    for (RiskLevel level : RiskLevel.values()) {
      List<RiskFinding> list = findings.getOrDefault(level, List.of());
      long n = count(level);
      if (n == 0) {
        continue;
      }
      md.append("### ").append(level).append(" (").append(n).append(")\n\n");
      md.append("| rule | subject | what it means | before | after |\n|---|---|---|---|---|\n");
      for (RiskFinding f : list) {
        md.append("| `")
            .append(f.rule())
            .append("` | ")
            .append(cell(f.subject()))
            .append(" | ")
            .append(cell(f.sentence()))
            .append(" | ")
            .append(cell(f.before()))
            .append(" | ")
            .append(cell(f.after()))
            .append(" |\n");
      }
      if (n > list.size()) {
        md.append("\n… and ").append(n - list.size()).append(" more (counted, not listed)\n");
      }
      md.append('\n');
    }
    if (!byRule.isEmpty()) {
      md.append("Why these rules matter:\n\n");
      for (RiskRule r : RiskRule.values()) {
        if (byRule.containsKey(r.id())) {
          md.append("- `")
              .append(r.id())
              .append("` (")
              .append(r.level())
              .append("): ")
              .append(r.why())
              .append('\n');
        }
      }
      md.append('\n');
    }
    if (!lagTrends.isEmpty()) {
      md.append("### Consumer lag trend (total lag per crawl, oldest first)\n\n");
      md.append("| group | lag per crawl | crawls without a commit |\n|---|---|---:|\n");
      for (LagTrend t : lagTrends) {
        md.append("| ")
            .append(cell(t.group()))
            .append(" | ")
            .append(String.join(" → ", t.lags().stream().map(String::valueOf).toList()))
            .append(" | ")
            .append(t.crawlsWithoutCommit())
            .append(t.idle() ? " (idle)" : "")
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!notChecked.isEmpty()) {
      md.append("### Not checked this crawl\n\n");
      notChecked.forEach(n -> md.append("- ").append(n).append('\n'));
      md.append('\n');
    }
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}
