package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.KafkaConsumerGroup;
import io.kcrawler.activities.catalog.AtlanModel.KafkaTopic;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code KafkaConsumerGroup} asset: state in Atlan's enum (left out where Atlan has no value),
 * members, the partitions assigned to them, committed offset and lag per partition as {@code
 * KafkaTopicConsumption} structs, and the topics it consumes, related only where the topic is
 * published by this crawl. Also notes groups whose committed offsets point at deleted topics.
 */
final class KafkaConsumerGroupMapper {
  private final CrawlIndex index;
  private final String connectionQn;
  private final Map<String, List<String>> orphanGroups;

  /**
   * @param orphanGroups receives groups with committed offsets on topics that no longer exist
   */
  KafkaConsumerGroupMapper(
      CrawlIndex index, String connectionQn, Map<String, List<String>> orphanGroups) {
    this.index = index;
    this.connectionQn = connectionQn;
    this.orphanGroups = orphanGroups;
  }

  /** The asset, and in {@code facts} what the change report compares. */
  AtlanEntity map(ConsumerGroupMetadata g, Map<String, Object> facts) {
    List<Map<String, Object>> consumption = new ArrayList<>();
    long committed = 0;
    Set<String> orphanTopics = new TreeSet<>();
    List<ConsumerGroupMetadata.PartitionLag> offsets =
        g.offsets() == null ? new ArrayList<>() : new ArrayList<>(g.offsets());
    offsets.sort(
        (a, b) ->
            a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
    for (ConsumerGroupMetadata.PartitionLag lag : offsets) {
      // The struct's attribute names and types (topicPartition a string) are pyatlan's
      // KafkaTopicConsumption; structs travel as plain objects of their attributes.
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("topicName", lag.topic());
      c.put("topicPartition", String.valueOf(lag.partition()));
      if (lag.lag() != null) {
        c.put("topicLag", lag.lag());
      }
      c.put("topicCurrentOffset", lag.committedOffset());
      consumption.add(c);
      committed += lag.committedOffset();
      // A deleted topic has no log end offset; a topic merely filtered out of the crawl has.
      if (!index.topicNames.contains(lag.topic()) && lag.logEndOffset() == null) {
        orphanTopics.add(lag.topic());
      }
    }
    if (!orphanTopics.isEmpty()) {
      orphanGroups.put(g.groupId(), List.copyOf(orphanTopics));
    }
    Set<String> topics = CrawlIndex.topicsOf(g);
    List<String> topicQns = new ArrayList<>();
    List<Map<String, Object>> topicRefs = new ArrayList<>();
    for (String topic : topics) {
      String qn = AtlanQualifiedNames.topic(connectionQn, topic);
      topicQns.add(qn);
      // Only topics published in this crawl can be related; others do not exist in Atlan.
      if (index.topicNames.contains(topic)) {
        topicRefs.add(AtlanEntity.ref(KafkaTopic.TYPE, qn));
      }
    }
    facts.put("committedOffsets", committed);
    facts.put("topics", List.copyOf(topics));
    return AtlanEntity.builder(
            KafkaConsumerGroup.TYPE,
            AtlanQualifiedNames.consumerGroup(connectionQn, g.groupId()),
            g.groupId(),
            connectionQn)
        .attr(
            KafkaConsumerGroup.MEMBER_COUNT, (long) (g.members() == null ? 0 : g.members().size()))
        .attr(KafkaConsumerGroup.STATE, AtlanEnumValues.consumerGroupState(g.state()))
        .attr(KafkaConsumerGroup.TOPIC_NAMES, List.copyOf(topics))
        .attr(KafkaConsumerGroup.TOPIC_QUALIFIED_NAMES, topicQns)
        .attr(KafkaConsumerGroup.ASSIGNED_PARTITIONS, assignedPartitions(g))
        .attr(KafkaConsumerGroup.TOPIC_CONSUMPTION_PROPERTIES, consumption)
        .rel(KafkaConsumerGroup.TOPICS, topicRefs)
        .build();
  }

  /** Partitions assigned to the members, as Kafka prints a TopicPartition: {@code orders-0}. */
  private static List<String> assignedPartitions(ConsumerGroupMetadata g) {
    Set<ConsumerGroupMetadata.TopicPartitionRef> assigned =
        new TreeSet<>(
            java.util.Comparator.comparing(ConsumerGroupMetadata.TopicPartitionRef::topic)
                .thenComparingInt(ConsumerGroupMetadata.TopicPartitionRef::partition));
    if (g.members() != null) {
      for (var m : g.members()) {
        if (m.assignment() != null) {
          assigned.addAll(m.assignment());
        }
      }
    }
    return assigned.isEmpty()
        ? null
        : assigned.stream().map(a -> a.topic() + "-" + a.partition()).toList();
  }
}
