package io.kcrawler.activities.catalog;

import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One analysis as the rule classes share it: the previous state, this crawl's state as it is
 * written, the findings (counted per level and rule, listed up to the report's bound per level) and
 * the rules that could not be checked.
 */
final class RiskRun {
  final RiskState.Previous prev;

  /** False on a connection's first crawl: there is nothing to compare, only state to write. */
  final boolean compare;

  private final JsonLines.Writer<Entry> out;
  private final Map<RiskLevel, List<RiskFinding>> listed = new EnumMap<>(RiskLevel.class);
  private final Map<RiskLevel, Long> counts = new EnumMap<>(RiskLevel.class);
  private final Map<String, Long> byRule = new HashMap<>();
  private final List<String> notChecked = new ArrayList<>();

  RiskRun(RiskState.Previous prev, JsonLines.Writer<Entry> out) {
    this.prev = prev;
    this.compare = prev.exists;
    this.out = out;
  }

  /** Writes one entry of this crawl's state (inside artifact callbacks, hence unchecked). */
  void write(Entry e) {
    try {
      out.write(e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  void add(RiskFinding f) {
    counts.merge(f.risk(), 1L, Long::sum);
    byRule.merge(f.rule(), 1L, Long::sum);
    List<RiskFinding> list = listed.computeIfAbsent(f.risk(), l -> new ArrayList<>());
    if (list.size() < RiskReport.MAX_FINDINGS_PER_LEVEL) {
      list.add(f);
    }
  }

  /** Rules that could not be checked this crawl, and why; nothing on a first crawl. */
  void notChecked(String why) {
    if (compare) {
      notChecked.add(why);
    }
  }

  RiskReport report(List<RiskReport.LagTrend> lagTrends) {
    Map<String, Integer> order = new HashMap<>();
    for (RiskRule r : RiskRule.values()) {
      order.put(r.id(), r.ordinal());
    }
    Map<RiskLevel, List<RiskFinding>> byLevel = new EnumMap<>(RiskLevel.class);
    Map<String, Long> levelCounts = new LinkedHashMap<>();
    for (RiskLevel level : RiskLevel.values()) {
      List<RiskFinding> list = new ArrayList<>(listed.getOrDefault(level, List.of()));
      list.sort(
          Comparator.comparingInt((RiskFinding f) -> order.get(f.rule()))
              .thenComparing(RiskFinding::subject));
      byLevel.put(level, List.copyOf(list));
      levelCounts.put(level.key(), counts.getOrDefault(level, 0L));
    }
    Map<String, Long> rules = new LinkedHashMap<>();
    for (RiskRule r : RiskRule.values()) {
      Long n = byRule.get(r.id());
      if (n != null) {
        rules.put(r.id(), n);
      }
    }
    return new RiskReport(
        !compare, levelCounts, rules, byLevel, lagTrends, List.copyOf(notChecked));
  }
}
