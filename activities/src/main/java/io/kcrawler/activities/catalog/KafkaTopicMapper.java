package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.KafkaCluster;
import io.kcrawler.activities.catalog.AtlanModel.KafkaTopic;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code KafkaTopic} asset: partitions and replication from the topics phase, the configs Atlan
 * has attributes for, record count and size, active consumer groups, the topic's subjects, and its
 * cluster (as a relationship and, as Atlan's own Kafka crawler does, as a qualifiedName).
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
          .attr(KafkaTopic.SIZE_IN_BYTES, s.sizeBytes());
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
    return b.attr(KafkaTopic.CLUSTER_QUALIFIED_NAME, clusterQn)
        .rel(KafkaTopic.CLUSTER, AtlanEntity.ref(KafkaCluster.TYPE, clusterQn))
        .build();
  }

  /** What the change report compares: partition count and config overrides. */
  Map<String, Object> facts(TopicMetadata t) {
    CrawlIndex.TopicConfigFacts c = index.configs.get(t.name());
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("partitions", t.partitionCount());
    facts.put("configs", haveConfigs && c != null ? c.overrides() : null);
    return facts;
  }
}
