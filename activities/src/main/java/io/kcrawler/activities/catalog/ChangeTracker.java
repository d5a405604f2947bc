package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.ChangeReport.CompatibilityChange;
import io.kcrawler.activities.catalog.ChangeReport.ConfigDrift;
import io.kcrawler.activities.catalog.ChangeReport.Items;
import io.kcrawler.activities.catalog.ChangeReport.OrphanGroup;
import io.kcrawler.activities.catalog.ChangeReport.PartitionChange;
import io.kcrawler.activities.catalog.ChangeReport.SchemaVersions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Classifies each asset of a crawl against the previous manifest and collects what the change
 * report lists. Holds only changed assets (bounded by {@link ChangeReport#MAX_ITEMS} per list, and
 * {@link #MAX_PENDING} assets awaiting their previous facts), never the whole crawl.
 */
final class ChangeTracker {
  /** Changed topics and subjects whose old facts are fetched from the previous manifest. */
  static final int MAX_PENDING = 10 * ChangeReport.MAX_ITEMS;

  enum Change {
    CREATED,
    UPDATED,
    UNCHANGED,
    DELETED
  }

  private final String connectionQn;
  private final boolean firstCrawl;
  private final Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
  private final Bounded<String> newTopics = new Bounded<>();
  private final Bounded<String> deletedTopics = new Bounded<>();
  private final Bounded<PartitionChange> partitionChanges = new Bounded<>();
  private final Bounded<ConfigDrift> configDrift = new Bounded<>();
  private final Bounded<SchemaVersions> newVersions = new Bounded<>();
  private final Bounded<CompatibilityChange> compatibility = new Bounded<>();
  private final Bounded<String> groupsAppeared = new Bounded<>();
  private final Bounded<String> groupsVanished = new Bounded<>();
  private final Bounded<String> idleGroups = new Bounded<>();
  private final Bounded<String> idleTopics = new Bounded<>();
  private final Map<String, Pending> pending = new HashMap<>();
  private long notDetailed;

  private record Pending(String typeName, String name, Map<String, Object> facts) {}

  ChangeTracker(String connectionQn, boolean firstCrawl) {
    this.connectionQn = connectionQn;
    this.firstCrawl = firstCrawl;
    AtlanModel.crawlTypes().forEach(t -> byType.put(t, new LinkedHashMap<>()));
  }

  /** Records one asset of this crawl; {@code previous} is null when it is new. */
  Change record(
      AtlanEntity entity,
      long hash,
      Map<String, Object> facts,
      long factsHash,
      CatalogManifest.Previous previous) {
    Change change =
        previous == null
            ? Change.CREATED
            : previous.hash == hash ? Change.UNCHANGED : Change.UPDATED;
    count(entity.typeName(), change);
    String name = (String) entity.attributes().get("name");
    switch (entity.typeName()) {
      case AtlanModel.KafkaTopic.TYPE -> {
        if (Boolean.TRUE.equals(facts.get(KafkaTopicMapper.IDLE_FACT))) {
          idleTopics.add(name);
        }
        if (change == Change.CREATED && !firstCrawl) {
          newTopics.add(name);
        } else if (previous != null && previous.factsHash != factsHash) {
          awaitOldFacts(entity, name, facts);
        }
      }
      case AtlanModel.KafkaConsumerGroup.TYPE -> {
        if (change == Change.CREATED && !firstCrawl) {
          groupsAppeared.add(name);
        } else if (previous != null && previous.factsHash == factsHash && waiting(entity)) {
          idleGroups.add(name);
        }
      }
      case AtlanModel.SchemaRegistrySubject.TYPE -> {
        if (change == Change.CREATED && !firstCrawl) {
          newVersions.add(new SchemaVersions(name, intList(facts.get("versions"))));
        } else if (previous != null && previous.factsHash != factsHash) {
          awaitOldFacts(entity, name, facts);
        }
      }
      default -> {}
    }
    return change;
  }

  /**
   * Offsets unchanged since the last crawl and either nobody is consuming or there is lag left: the
   * group is not making progress.
   */
  private static boolean waiting(AtlanEntity group) {
    Object members = group.attributes().get("kafkaConsumerGroupMemberCount");
    if (members instanceof Number n && n.longValue() == 0) {
      return true;
    }
    Object consumption = group.attributes().get("kafkaConsumerGroupTopicConsumptionProperties");
    if (consumption instanceof List<?> list) {
      for (Object c : list) {
        if (c instanceof Map<?, ?> m
            && m.get("topicLag") instanceof Number lag
            && lag.longValue() > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private void awaitOldFacts(AtlanEntity entity, String name, Map<String, Object> facts) {
    if (pending.size() >= MAX_PENDING) {
      notDetailed++;
      return;
    }
    pending.put(entity.qualifiedName(), new Pending(entity.typeName(), name, facts));
  }

  /** Whether the previous manifest's facts of {@code qualifiedName} are wanted. */
  boolean wantsOldFacts(String qualifiedName) {
    return pending.containsKey(qualifiedName);
  }

  /** Compares an asset's previous facts with this crawl's. */
  void oldFacts(String qualifiedName, Map<String, Object> old) {
    Pending p = pending.remove(qualifiedName);
    if (p == null || old == null) {
      return;
    }
    Map<String, Object> now = p.facts();
    if (p.typeName().equals(AtlanModel.KafkaTopic.TYPE)) {
      int oldPartitions = ((Number) old.getOrDefault("partitions", 0)).intValue();
      int newPartitions = ((Number) now.getOrDefault("partitions", 0)).intValue();
      if (oldPartitions != newPartitions) {
        partitionChanges.add(new PartitionChange(p.name(), oldPartitions, newPartitions));
      }
      Map<String, Object> oldConfigs = map(old.get("configs"));
      Map<String, Object> newConfigs = map(now.get("configs"));
      // A side without configs was not crawled: no drift can be told from it.
      if (oldConfigs != null && newConfigs != null) {
        TreeSet<String> keys = new TreeSet<>(oldConfigs.keySet());
        keys.addAll(newConfigs.keySet());
        for (String k : keys) {
          Object o = oldConfigs.get(k);
          Object n = newConfigs.get(k);
          if (!Objects.equals(o, n)) {
            configDrift.add(
                new ConfigDrift(
                    p.name(), k, o == null ? null : o.toString(), n == null ? null : n.toString()));
          }
        }
      }
    } else if (p.typeName().equals(AtlanModel.SchemaRegistrySubject.TYPE)) {
      List<Integer> before = intList(old.get("versions"));
      List<Integer> added = new ArrayList<>(intList(now.get("versions")));
      added.removeAll(before);
      if (!added.isEmpty()) {
        newVersions.add(new SchemaVersions(p.name(), added));
      }
      String oldLevel = (String) old.get("compatibility");
      String newLevel = (String) now.get("compatibility");
      if (!Objects.equals(oldLevel, newLevel)) {
        compatibility.add(new CompatibilityChange(p.name(), oldLevel, newLevel));
      }
    }
  }

  /** Records an asset of the previous crawl that is gone and will be archived. */
  void deleted(CatalogSink.StaleAsset stale) {
    count(stale.typeName(), Change.DELETED);
    if (stale.typeName().equals(AtlanModel.KafkaTopic.TYPE)) {
      deletedTopics.add(stripPrefix(stale.qualifiedName(), connectionQn + "/topic/"));
    } else if (stale.typeName().equals(AtlanModel.KafkaConsumerGroup.TYPE)) {
      groupsVanished.add(stripPrefix(stale.qualifiedName(), connectionQn + "/consumer-group/"));
    }
  }

  private static String stripPrefix(String qn, String prefix) {
    return qn.startsWith(prefix) ? qn.substring(prefix.length()) : qn;
  }

  private void count(String type, Change change) {
    byType
        .computeIfAbsent(type, t -> new LinkedHashMap<>())
        .merge(change.name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
  }

  long total(Change change) {
    String key = change.name().toLowerCase(java.util.Locale.ROOT);
    return byType.values().stream().mapToLong(c -> c.getOrDefault(key, 0L)).sum();
  }

  ChangeReport report(
      RiskReport risk,
      Map<String, List<String>> orphans,
      List<String> notCrawled,
      List<String> warnings) {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (Change c : Change.values()) {
      totals.put(c.name().toLowerCase(java.util.Locale.ROOT), total(c));
    }
    Bounded<OrphanGroup> orphanGroups = new Bounded<>();
    orphans.forEach((g, topics) -> orphanGroups.add(new OrphanGroup(g, topics)));
    List<String> allWarnings = new ArrayList<>(warnings);
    if (notDetailed > 0) {
      allWarnings.add(
          notDetailed
              + " changed topics/subjects beyond "
              + MAX_PENDING
              + " are counted, not detailed");
    }
    Map<String, Map<String, Long>> types = new LinkedHashMap<>();
    byType.forEach(
        (t, c) -> {
          if (!c.isEmpty()) {
            types.put(t, Map.copyOf(c));
          }
        });
    return new ChangeReport(
        connectionQn,
        firstCrawl,
        risk,
        totals,
        types,
        newTopics.items(),
        deletedTopics.items(),
        partitionChanges.items(),
        configDrift.items(),
        newVersions.items(),
        compatibility.items(),
        groupsAppeared.items(),
        groupsVanished.items(),
        orphanGroups.items(),
        idleGroups.items(),
        idleTopics.items(),
        List.copyOf(notCrawled),
        List.copyOf(allWarnings));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static List<Integer> intList(Object o) {
    List<Integer> out = new ArrayList<>();
    if (o instanceof List<?> list) {
      list.forEach(v -> out.add(((Number) v).intValue()));
    }
    return out;
  }

  /** Keeps the first {@link ChangeReport#MAX_ITEMS} items and counts the rest. */
  private static final class Bounded<T> {
    private final List<T> items = new ArrayList<>();
    private long more;

    void add(T item) {
      if (items.size() < ChangeReport.MAX_ITEMS) {
        items.add(item);
      } else {
        more++;
      }
    }

    Items<T> items() {
      return new Items<>(List.copyOf(items), more);
    }
  }
}
