package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.KafkaCluster;
import io.kcrawler.activities.catalog.AtlanModel.KafkaTopic;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.kafka.TopicActivity;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code KafkaTopic} asset: partitions and replication from the topics phase, the configs Atlan
 * has attributes for, record count and size, active consumer groups, the topic's subjects, and its
 * cluster (as a relationship and, as Atlan's own Kafka crawler does, as a qualifiedName).
 *
 * <p>Who may read, write and describe the topic, resolved from the cluster's ACLs, goes in {@code
 * assetSourceReadme} ({@link TopicAccessReadme} says why there).
 *
 * <p>The last 24 hours' traffic (Confluent Cloud's Metrics API) goes in {@code description}:
 * Atlan's {@code KafkaTopic} has no attribute for it, and {@code description} is the source's text,
 * shown only while a person has not written their own ({@code userDescription}, never sent), so a
 * user's text is never overwritten.
 */
final class KafkaTopicMapper {
  private final CrawlIndex index;
  private final String connectionQn;
  private final String clusterQn;
  private final boolean haveConfigs;
  private final boolean haveGroups;
  private final boolean haveSchemas;

  KafkaTopicMapper(CrawlIndex index, String connectionQn, String clusterQn) {
    this.index = index;
    this.connectionQn = connectionQn;
    this.clusterQn = clusterQn;
    this.haveConfigs = index.has(ArtifactKinds.TOPIC_CONFIGS);
    this.haveGroups = index.has(ArtifactKinds.CONSUMER_GROUPS);
    this.haveSchemas = index.has(ArtifactKinds.SCHEMA_SUBJECTS);
  }

  AtlanEntity map(TopicMetadata t) {
    CrawlIndex.TopicConfigFacts c = index.configs.get(t.name());
    TopicStats s = index.stats.get(t.name());
    AtlanEntity.Builder b =
        AtlanEntity.builder(
                KafkaTopic.TYPE,
                AtlanQualifiedNames.topic(connectionQn, t.name()),
                t.name(),
                connectionQn)
            .attr(KafkaTopic.IS_INTERNAL, t.internal())
            .attr(KafkaTopic.PARTITIONS_COUNT, (long) t.partitionCount())
            .attr(KafkaTopic.REPLICATION_FACTOR, (long) t.replicationFactor());
    if (c != null) {
      b.attr(KafkaTopic.COMPRESSION_TYPE, AtlanEnumValues.compressionType(c.compressionType()))
          .attr(KafkaTopic.CLEANUP_POLICY, AtlanEnumValues.cleanupPolicy(c.cleanupPolicy()))
          // The policy as the topic has it, also when it is a combination the enum lacks.
          .attr(KafkaTopic.LOG_CLEANUP_POLICY, c.cleanupPolicy())
          .attr(KafkaTopic.RETENTION_TIME_IN_MS, c.retentionMs())
          .attr(KafkaTopic.RETENTION_BYTES, c.retentionBytes())
          .attr(KafkaTopic.SEGMENT_BYTES, c.segmentBytes());
    }
    if (s != null) {
      b.attr(KafkaTopic.RECORD_COUNT, s.recordCount())
          .attr(KafkaTopic.SIZE_IN_BYTES, s.sizeBytes())
          .attr(AtlanModel.DESCRIPTION, describe(s.activity()));
    }
    if (haveGroups) {
      b.attr(
          KafkaTopic.CONSUMER_COUNT, (long) index.activeGroupsPerTopic.getOrDefault(t.name(), 0));
    }
    if (haveSchemas) {
      List<String> subjects = index.subjectsPerTopic.getOrDefault(t.name(), List.of());
      b.attr(KafkaTopic.IS_SCHEMA_MANAGED, !subjects.isEmpty())
          .attr(
              KafkaTopic.SCHEMA_REGISTRY_SUBJECT_NAME, subjects.isEmpty() ? null : subjects.get(0));
    }
    if (index.access != null) {
      b.attr(AtlanModel.ASSET_SOURCE_README, TopicAccessReadme.of(index.access.topic(t.name())));
    }
    return b.attr(KafkaTopic.CLUSTER_QUALIFIED_NAME, clusterQn)
        .rel(KafkaTopic.CLUSTER, AtlanEntity.ref(KafkaCluster.TYPE, clusterQn))
        .build();
  }

  /**
   * What the change report compares: partition count and config overrides; {@code idle} only for a
   * topic nothing was written to or read from in the 24 hours before the crawl, so the facts of
   * every other topic stay as they were.
   */
  Map<String, Object> facts(TopicMetadata t) {
    CrawlIndex.TopicConfigFacts c = index.configs.get(t.name());
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("partitions", t.partitionCount());
    facts.put("configs", haveConfigs && c != null ? c.overrides() : null);
    TopicStats s = index.stats.get(t.name());
    if (s != null && s.activity() != null && Boolean.TRUE.equals(s.activity().idle())) {
      facts.put(IDLE_FACT, true);
    }
    return facts;
  }

  /** The facts key of a topic idle in the 24 hours before the crawl. */
  static final String IDLE_FACT = "idle24h";

  /**
   * The topic's traffic as one sentence, stable between crawls of an idle topic; null without
   * activity. Counts the API could not give are left out.
   */
  static String describe(TopicActivity a) {
    if (a == null) {
      return null;
    }
    if (Boolean.TRUE.equals(a.idle())) {
      return "Idle: nothing written to or read from this topic in the 24 hours before the crawl"
          + " (Confluent Cloud Metrics API).";
    }
    List<String> parts = new ArrayList<>();
    if (a.receivedBytes() != null) {
      parts.add(
          bytes(a.receivedBytes())
              + (a.receivedRecords() == null ? "" : " (" + count(a.receivedRecords()) + " records)")
              + " written");
    } else if (a.receivedRecords() != null) {
      parts.add(count(a.receivedRecords()) + " records written");
    }
    if (a.sentBytes() != null) {
      parts.add(bytes(a.sentBytes()) + " read");
    }
    if (parts.isEmpty()) {
      return null;
    }
    return "In the 24 hours before the crawl: "
        + String.join(", ", parts)
        + " (Confluent Cloud Metrics API).";
  }

  private static String bytes(long n) {
    return count(n) + (n == 1 ? " byte" : " bytes");
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
