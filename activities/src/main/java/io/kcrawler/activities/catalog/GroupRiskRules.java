package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The consumer group rules: a group vanished, its lag grew by more than the request's factor, it
 * stopped committing while records wait (idle), or a topic it read was deleted. Keeps each group's
 * lag history and the lag trend of the groups worth showing.
 */
final class GroupRiskRules {
  /**
   * Lag compared for growth is at least this many records: 3 → 9 is a factor of three and means
   * nothing; growth is measured from this floor.
   */
  static final long MIN_LAG_BASE = 100;

  private final RiskRun run;
  private final RiskState.Previous prev;
  private final boolean compare;
  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final double lagGrowthFactor;
  private final int idleCrawls;
  private final PriorityQueue<RiskReport.LagTrend> topLag =
      new PriorityQueue<>(Comparator.comparingLong(GroupRiskRules::currentLag));
  private final Map<String, RiskReport.LagTrend> flagged = new TreeMap<>();

  GroupRiskRules(
      RiskRun run,
      ArtifactStore store,
      ObjectMapper mapper,
      double lagGrowthFactor,
      int idleCrawls) {
    this.run = run;
    this.prev = run.prev;
    this.compare = run.compare;
    this.store = store;
    this.mapper = mapper;
    this.lagGrowthFactor = lagGrowthFactor;
    this.idleCrawls = idleCrawls;
  }

  /** Group rules; {@code deletedTopics}: the topics of the previous crawl that are gone. */
  void check(Map<String, String> artifacts, Set<String> deletedTopics) throws IOException {
    Map<String, Set<String>> readersOfDeleted = new TreeMap<>();
    String groupsKey = artifacts.get(ArtifactKinds.CONSUMER_GROUPS);
    if (groupsKey == null) {
      prev.groups.values().forEach(run::write);
      prev.groups.values().forEach(g -> readers(g, deletedTopics, readersOfDeleted));
      run.notChecked(
          "consumer group rules: no usable " + ArtifactKinds.CONSUMER_GROUPS + " this crawl");
    } else {
      JsonLines.forEach(
          store,
          groupsKey,
          ConsumerGroupMetadata.class,
          mapper,
          g -> {
            Entry before = prev.groups.remove(g.groupId());
            Entry now = groupEntry(g, before);
            run.write(now);
            if (before != null) {
              readers(before, deletedTopics, readersOfDeleted);
            }
            if (compare && before != null) {
              groupRules(before, now);
            }
            trend(now);
          });
      for (Entry gone : new TreeMap<>(prev.groups).values()) {
        readers(gone, deletedTopics, readersOfDeleted);
        if (compare) {
          run.add(
              RiskFinding.of(
                  RiskRule.GROUP_VANISHED,
                  gone.name(),
                  "Consumer group "
                      + gone.name()
                      + " is gone with its committed positions: a consumer that starts under"
                      + " this id again begins at auto.offset.reset (re-reads or skips data).",
                  describeGroup(gone),
                  "gone"));
        }
      }
    }
    for (String topic : new TreeSet<>(deletedTopics)) {
      Set<String> readers = readersOfDeleted.get(topic);
      if (readers != null && !readers.isEmpty()) {
        run.add(
            RiskFinding.of(
                RiskRule.TOPIC_WITH_CONSUMERS_DELETED,
                topic,
                "Topic "
                    + topic
                    + " was deleted while consumer group"
                    + (readers.size() == 1 ? " " : "s ")
                    + String.join(", ", readers)
                    + (readers.size() == 1
                        ? " reads it: it loses its input and its position."
                        : " read it: they lose their input and their positions."),
                "read by " + String.join(", ", readers),
                "deleted"));
      }
    }
  }

  private void readers(Entry group, Set<String> deleted, Map<String, Set<String>> readers) {
    if (deleted.isEmpty() || group.topics() == null) {
      return;
    }
    for (String t : group.topics()) {
      if (deleted.contains(t)) {
        readers.computeIfAbsent(t, k -> new TreeSet<>()).add(group.name());
      }
    }
  }

  Entry groupEntry(ConsumerGroupMetadata g, Entry before) {
    // -1: nothing committed; such a group has no position to stand still at.
    long committed = -1;
    if (g.offsets() != null && !g.offsets().isEmpty()) {
      committed = 0;
      for (ConsumerGroupMetadata.PartitionLag o : g.offsets()) {
        committed += o.committedOffset();
      }
    }
    int still =
        before != null && before.committed() != null && before.committed() == committed
            ? before.crawlsWithoutCommit() + 1
            : 1;
    List<Long> history = new ArrayList<>();
    if (before != null && before.lagHistory() != null) {
      history.addAll(before.lagHistory());
    }
    history.add(g.totalLag());
    if (history.size() > RiskState.LAG_HISTORY) {
      history =
          new ArrayList<>(history.subList(history.size() - RiskState.LAG_HISTORY, history.size()));
    }
    return Entry.group(
        g.groupId(),
        g.totalLag(),
        committed,
        still,
        List.copyOf(history),
        List.copyOf(CrawlIndex.topicsOf(g)));
  }

  void groupRules(Entry before, Entry now) {
    long was = before.totalLag() == null ? 0 : before.totalLag();
    long is = now.totalLag();
    if (is > lagGrowthFactor * Math.max(was, MIN_LAG_BASE)) {
      run.add(
          RiskFinding.of(
              RiskRule.GROUP_LAG_GREW,
              now.name(),
              "Consumer group "
                  + now.name()
                  + "'s lag grew from "
                  + was
                  + " to "
                  + is
                  + " records since the previous crawl (more than ×"
                  + factor()
                  + "): its consumers are falling behind.",
              was + " records",
              is + " records"));
      flag(now);
    }
    if (idle(now) && !idle(before)) {
      run.add(
          RiskFinding.of(
              RiskRule.GROUP_IDLE,
              now.name(),
              "Consumer group "
                  + now.name()
                  + " has not committed across "
                  + now.crawlsWithoutCommit()
                  + " crawls while "
                  + now.totalLag()
                  + " records wait: its consumers have stopped.",
              RiskWords.plural(before.crawlsWithoutCommit(), "crawl") + " without a commit",
              RiskWords.plural(now.crawlsWithoutCommit(), "crawl")
                  + " without a commit, lag "
                  + now.totalLag()));
      flag(now);
    }
  }

  boolean idle(Entry g) {
    return g.committed() != null
        && g.committed() >= 0
        && g.crawlsWithoutCommit() != null
        && g.crawlsWithoutCommit() >= idleCrawls
        && g.totalLag() != null
        && g.totalLag() > 0;
  }

  private String factor() {
    return lagGrowthFactor == Math.rint(lagGrowthFactor)
        ? String.valueOf((long) lagGrowthFactor)
        : String.valueOf(lagGrowthFactor);
  }

  RiskReport.LagTrend lagTrend(Entry g) {
    return new RiskReport.LagTrend(g.name(), g.lagHistory(), g.crawlsWithoutCommit(), idle(g));
  }

  void trend(Entry g) {
    if (g.totalLag() <= 0) {
      return;
    }
    topLag.add(lagTrend(g));
    if (topLag.size() > RiskReport.MAX_TREND_GROUPS) {
      topLag.poll();
    }
  }

  void flag(Entry g) {
    if (flagged.size() < RiskReport.MAX_TREND_GROUPS) {
      flagged.put(g.name(), lagTrend(g));
    }
  }

  /** The groups a lag rule fired on and the groups with the most lag, most lag first. */
  List<RiskReport.LagTrend> trends() {
    Map<String, RiskReport.LagTrend> trends = new TreeMap<>(flagged);
    topLag.forEach(t -> trends.putIfAbsent(t.group(), t));
    List<RiskReport.LagTrend> lagTrends = new ArrayList<>(trends.values());
    lagTrends.sort(
        Comparator.comparingLong(GroupRiskRules::currentLag)
            .reversed()
            .thenComparing(RiskReport.LagTrend::group));
    return List.copyOf(lagTrends);
  }

  private static long currentLag(RiskReport.LagTrend t) {
    return t.lags().isEmpty() ? 0 : t.lags().get(t.lags().size() - 1);
  }

  private static String describeGroup(Entry g) {
    return g.committed() != null && g.committed() >= 0
        ? "lag " + g.totalLag() + " on " + String.join(", ", g.topics())
        : "no committed offsets";
  }
}
