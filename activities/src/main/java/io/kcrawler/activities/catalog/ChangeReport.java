package io.kcrawler.activities.catalog;

import java.util.List;
import java.util.Map;

/**
 * What changed in the catalog since the previous successful crawl of a connection: counts per asset
 * type and the changes a person wants to read about. Every list holds at most {@link #MAX_ITEMS}
 * entries; {@code more} counts the rest, so a first crawl of a huge cluster stays small.
 *
 * @param firstCrawl true when there was no previous manifest (everything is new)
 * @param risk what matters in these changes: the risk rules' findings grouped by level
 * @param counts created / updated / unchanged / deleted over all types
 * @param byType the same counts per asset type
 * @param idleTopics topics nothing was written to or read from in the 24 hours before this crawl
 *     (Confluent Cloud's Metrics API; empty without it)
 * @param notCrawled types whose phase produced nothing this time: kept as they were, not archived
 */
public record ChangeReport(
    String connectionQualifiedName,
    boolean firstCrawl,
    RiskReport risk,
    Map<String, Long> counts,
    Map<String, Map<String, Long>> byType,
    Items<String> newTopics,
    Items<String> deletedTopics,
    Items<PartitionChange> partitionChanges,
    Items<ConfigDrift> configDrift,
    Items<SchemaVersions> newSchemaVersions,
    Items<CompatibilityChange> compatibilityChanges,
    Items<String> groupsAppeared,
    Items<String> groupsVanished,
    Items<OrphanGroup> orphanGroups,
    Items<String> idleGroups,
    Items<String> idleTopics,
    List<String> notCrawled,
    List<String> warnings) {

  /** Entries kept per list; the rest are only counted. */
  public static final int MAX_ITEMS = 1000;

  /** A bounded list: the first {@link #MAX_ITEMS} items and how many more there were. */
  public record Items<T>(List<T> items, long more) {
    public long total() {
      return items.size() + more;
    }
  }

  /** A topic whose partition count changed. */
  public record PartitionChange(String topic, int oldCount, int newCount) {}

  /** A topic config override that changed, appeared (old null) or was removed (new null). */
  public record ConfigDrift(String topic, String key, String oldValue, String newValue) {}

  /** Versions of a subject that the previous crawl did not have. */
  public record SchemaVersions(String subject, List<Integer> versions) {}

  /** A subject whose compatibility level changed. */
  public record CompatibilityChange(String subject, String oldLevel, String newLevel) {}

  /** A group with committed offsets on topics that no longer exist. */
  public record OrphanGroup(String group, List<String> topics) {}

  /** The report as Markdown, for people. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Catalog changes for ").append(connectionQualifiedName).append("\n\n");
    if (firstCrawl) {
      md.append("First crawl of this connection: every asset is new.\n\n");
    }
    if (risk != null) {
      risk.appendMarkdown(md);
    }
    md.append("## What changed\n\n");
    md.append("| | created | updated | unchanged | deleted |\n|---|---:|---:|---:|---:|\n");
    byType.forEach((type, c) -> row(md, type, c));
    row(md, "**total**", counts);
    md.append('\n');
    section(md, "New topics", newTopics, t -> t);
    section(md, "Deleted topics (archived)", deletedTopics, t -> t);
    section(
        md,
        "Partition count changes",
        partitionChanges,
        p -> p.topic() + ": " + p.oldCount() + " → " + p.newCount());
    section(
        md,
        "Config drift",
        configDrift,
        d -> d.topic() + ": " + d.key() + ": " + show(d.oldValue()) + " → " + show(d.newValue()));
    section(
        md,
        "New schema versions",
        newSchemaVersions,
        v -> v.subject() + ": " + v.versions().stream().map(n -> "v" + n).toList());
    section(
        md,
        "Compatibility changes",
        compatibilityChanges,
        c -> c.subject() + ": " + show(c.oldLevel()) + " → " + show(c.newLevel()));
    section(md, "Consumer groups that appeared", groupsAppeared, g -> g);
    section(md, "Consumer groups that vanished (archived)", groupsVanished, g -> g);
    section(
        md,
        "Orphan consumer groups (committed offsets on topics that no longer exist)",
        orphanGroups,
        o -> o.group() + ": " + String.join(", ", o.topics()));
    section(md, "Consumer groups idle since the last crawl", idleGroups, g -> g);
    section(
        md,
        "Topics idle in the 24 hours before the crawl (nothing written or read)",
        idleTopics,
        t -> t);
    if (!notCrawled.isEmpty()) {
      md.append("## Not crawled this time (kept as they were)\n\n");
      notCrawled.forEach(t -> md.append("- ").append(t).append('\n'));
      md.append('\n');
    }
    if (!warnings.isEmpty()) {
      md.append("## Warnings\n\n");
      warnings.forEach(w -> md.append("- ").append(w).append('\n'));
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String label, Map<String, Long> c) {
    md.append("| ")
        .append(label)
        .append(" | ")
        .append(c.getOrDefault("created", 0L))
        .append(" | ")
        .append(c.getOrDefault("updated", 0L))
        .append(" | ")
        .append(c.getOrDefault("unchanged", 0L))
        .append(" | ")
        .append(c.getOrDefault("deleted", 0L))
        .append(" |\n");
  }

  private static <T> void section(
      StringBuilder md, String title, Items<T> items, java.util.function.Function<T, String> line) {
    if (items.total() == 0) {
      return;
    }
    md.append("## ").append(title).append(" (").append(items.total()).append(")\n\n");
    items.items().forEach(i -> md.append("- ").append(line.apply(i)).append('\n'));
    if (items.more() > 0) {
      md.append("- … and ").append(items.more()).append(" more\n");
    }
    md.append('\n');
  }

  private static String show(String v) {
    return v == null ? "(unset)" : v;
  }
}
