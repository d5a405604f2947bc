package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topic rules: retention lowered, cleanup policy changed, partition count changed, replication
 * below min.insync.replicas + 1, partitions newly under-replicated or offline. One pass over the
 * crawl's topics with their configs, each compared with its previous state.
 */
final class TopicRiskRules {
  /** The config values of one topic the rules compare. */
  private record TopicSettings(
      Integer minIsr, Long retentionMs, Long retentionBytes, String cleanupPolicy) {
    static TopicSettings of(TopicConfigs c) {
      return new TopicSettings(
          asInt(c.value("min.insync.replicas")),
          asLong(c.value("retention.ms")),
          asLong(c.value("retention.bytes")),
          normalisePolicy(c.value("cleanup.policy")));
    }

    static TopicSettings of(Entry previous) {
      return previous == null
          ? new TopicSettings(null, null, null, null)
          : new TopicSettings(
              previous.minInsyncReplicas(),
              previous.retentionMs(),
              previous.retentionBytes(),
              previous.cleanupPolicy());
    }
  }

  private final RiskRun run;
  private final RiskState.Previous prev;
  private final boolean compare;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  TopicRiskRules(RiskRun run, ArtifactStore store, ObjectMapper mapper) {
    this.run = run;
    this.prev = run.prev;
    this.compare = run.compare;
    this.store = store;
    this.mapper = mapper;
  }

  /** Topic rules; returns the topics of the previous crawl that are gone (when known). */
  Set<String> check(Map<String, String> artifacts) throws IOException {
    String topicsKey = artifacts.get(ArtifactKinds.TOPICS);
    if (topicsKey == null) {
      prev.topics.values().forEach(run::write);
      run.notChecked("topic rules: no usable " + ArtifactKinds.TOPICS + " this crawl");
      return Set.of();
    }
    Map<String, TopicSettings> settings = null;
    String configsKey = artifacts.get(ArtifactKinds.TOPIC_CONFIGS);
    if (configsKey != null) {
      Map<String, TopicSettings> read = new HashMap<>();
      JsonLines.forEach(
          store,
          configsKey,
          TopicConfigs.class,
          mapper,
          c -> read.put(c.topic(), TopicSettings.of(c)));
      settings = read;
    } else {
      run.notChecked(
          "config rules (retention, cleanup policy, min.insync.replicas): no usable "
              + ArtifactKinds.TOPIC_CONFIGS
              + " this crawl; the previous values are kept");
    }
    Map<String, TopicSettings> configs = settings;
    JsonLines.forEach(
        store,
        topicsKey,
        TopicMetadata.class,
        mapper,
        t -> {
          Entry before = prev.topics.remove(t.name());
          TopicSettings c =
              configs == null
                  ? TopicSettings.of(before)
                  : configs.getOrDefault(t.name(), new TopicSettings(null, null, null, null));
          Entry now =
              Entry.topic(
                  t.name(),
                  t.partitionCount(),
                  t.replicationFactor(),
                  c.minIsr(),
                  c.retentionMs(),
                  c.retentionBytes(),
                  c.cleanupPolicy(),
                  // An offline partition is under-replicated too in the topics phase's count
                  // (fewer in-sync replicas than assigned); it is reported once, as offline.
                  Math.max(0, t.underReplicatedPartitions() - t.offlinePartitions()),
                  t.offlinePartitions());
          run.write(now);
          if (compare && before != null) {
            topicRules(before, now);
          }
        });
    return compare ? new HashSet<>(prev.topics.keySet()) : Set.of();
  }

  void topicRules(Entry before, Entry now) {
    String topic = now.name();
    retention(topic, before, now);
    if (before.cleanupPolicy() != null
        && now.cleanupPolicy() != null
        && !before.cleanupPolicy().equals(now.cleanupPolicy())) {
      run.add(
          RiskFinding.of(
              RiskRule.CLEANUP_POLICY_CHANGED,
              topic,
              cleanupSentence(topic, before.cleanupPolicy(), now.cleanupPolicy()),
              "cleanup.policy=" + before.cleanupPolicy(),
              "cleanup.policy=" + now.cleanupPolicy()));
    }
    if (!before.partitions().equals(now.partitions())) {
      run.add(
          RiskFinding.of(
              RiskRule.PARTITION_COUNT_CHANGED,
              topic,
              "Topic "
                  + topic
                  + " went from "
                  + before.partitions()
                  + " to "
                  + now.partitions()
                  + " partitions: records with the same key now go to another partition, so"
                  + " per-key order is not kept across the change.",
              RiskWords.plural(before.partitions(), "partition"),
              RiskWords.plural(now.partitions(), "partition")));
    }
    Integer marginBefore = margin(before);
    Integer marginNow = margin(now);
    if (marginBefore != null && marginNow != null && marginNow < 1 && marginNow < marginBefore) {
      String effect =
          marginNow < 0
              ? "producers with acks=all cannot write to it at all."
              : "one broker down stops producers with acks=all.";
      run.add(
          RiskFinding.of(
              RiskRule.REPLICATION_BELOW_MIN_ISR,
              topic,
              "Topic "
                  + topic
                  + " has replication factor "
                  + now.replicationFactor()
                  + " and min.insync.replicas "
                  + now.minInsyncReplicas()
                  + ": "
                  + effect,
              replication(before),
              replication(now)));
    }
    if (before.underReplicated() == 0 && now.underReplicated() > 0) {
      run.add(
          RiskFinding.of(
              RiskRule.PARTITIONS_UNDER_REPLICATED,
              topic,
              now.underReplicated()
                  + " of "
                  + now.partitions()
                  + " partitions of "
                  + topic
                  + " are under-replicated: one more broker failure can stop writes or lose"
                  + " acknowledged records.",
              "0 under-replicated",
              now.underReplicated() + " under-replicated"));
    }
    if (before.offline() == 0 && now.offline() > 0) {
      run.add(
          RiskFinding.of(
              RiskRule.PARTITIONS_OFFLINE,
              topic,
              now.offline()
                  + " of "
                  + now.partitions()
                  + " partitions of "
                  + topic
                  + " have no leader: nobody can read or write them.",
              "0 offline",
              now.offline() + " offline"));
    }
  }

  void retention(String topic, Entry before, Entry now) {
    List<String> was = new ArrayList<>();
    List<String> is = new ArrayList<>();
    List<String> says = new ArrayList<>();
    if (lowered(before.retentionMs(), now.retentionMs())) {
      was.add("retention.ms=" + before.retentionMs());
      is.add("retention.ms=" + now.retentionMs());
      says.add(
          "records for "
              + RiskWords.duration(now.retentionMs())
              + " instead of "
              + RiskWords.duration(before.retentionMs()));
    }
    if (lowered(before.retentionBytes(), now.retentionBytes())) {
      was.add("retention.bytes=" + before.retentionBytes());
      is.add("retention.bytes=" + now.retentionBytes());
      says.add(
          "at most "
              + RiskWords.bytes(now.retentionBytes())
              + " per partition instead of "
              + RiskWords.bytes(before.retentionBytes()));
    }
    if (!says.isEmpty()) {
      run.add(
          RiskFinding.of(
              RiskRule.RETENTION_LOWERED,
              topic,
              "Topic "
                  + topic
                  + " now keeps "
                  + String.join(" and ", says)
                  + ": consumers that lag or replay lose data sooner.",
              String.join(", ", was),
              String.join(", ", is)));
    }
  }

  private static String cleanupSentence(String topic, String before, String now) {
    boolean wasCompact = before.contains("compact");
    boolean isCompact = now.contains("compact");
    if (isCompact && !wasCompact) {
      return "Topic "
          + topic
          + " is now compacted ("
          + before
          + " → "
          + now
          + "): only the latest record per key is kept, so readers of its history lose older"
          + " values.";
    }
    if (wasCompact && !isCompact) {
      return "Topic "
          + topic
          + " is no longer compacted ("
          + before
          + " → "
          + now
          + "): records, including the latest value per key, now expire by age or size.";
    }
    return "Topic "
        + topic
        + "'s cleanup.policy changed from "
        + before
        + " to "
        + now
        + ": records now expire differently.";
  }

  /** RF − min.insync.replicas; null when either is unknown. */
  private static Integer margin(Entry t) {
    return t.replicationFactor() == null || t.minInsyncReplicas() == null
        ? null
        : t.replicationFactor() - t.minInsyncReplicas();
  }

  private static String replication(Entry t) {
    return "replication.factor="
        + t.replicationFactor()
        + ", min.insync.replicas="
        + t.minInsyncReplicas();
  }

  /** Whether a retention limit went down; -1 (no limit) is the highest. */
  private static boolean lowered(Long before, Long now) {
    return before != null && now != null && unlimited(now) < unlimited(before);
  }

  private static long unlimited(long v) {
    return v < 0 ? Long.MAX_VALUE : v;
  }

  private static String normalisePolicy(String policy) {
    if (policy == null) {
      return null;
    }
    return String.join(
        ",",
        new TreeSet<>(
            Arrays.stream(policy.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList()));
  }

  private static Integer asInt(String v) {
    Long l = asLong(v);
    return l == null ? null : l.intValue();
  }

  private static Long asLong(String v) {
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
