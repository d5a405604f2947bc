package io.kcrawler.model.kafka;

import java.util.List;

/** One topic as describeTopics reports it, with partition health flags. */
public record TopicMetadata(
    String name,
    String topicId,
    boolean internal,
    int partitionCount,
    int replicationFactor,
    int underReplicatedPartitions,
    int offlinePartitions,
    List<PartitionMetadata> partitions) {}
