package io.kcrawler.model.kafka;

import java.util.List;

/**
 * One consumer group: state, type (CLASSIC, CONSUMER, SHARE …), protocol/assignor, coordinator,
 * members with assignments, and committed offsets with lag. Groups without active members still
 * carry their committed offsets.
 */
public record ConsumerGroupMetadata(
    String groupId,
    String state,
    String type,
    String protocol,
    Integer coordinator,
    boolean simple,
    List<GroupMember> members,
    List<PartitionLag> offsets,
    long totalLag) {

  /** One member and the partitions assigned to it. */
  public record GroupMember(
      String memberId,
      String groupInstanceId,
      String clientId,
      String host,
      List<TopicPartitionRef> assignment) {}

  /** A topic partition. */
  public record TopicPartitionRef(String topic, int partition) {}

  /**
   * Committed offset of one partition and its lag = log-end − committed (null when the end offset
   * could not be read, e.g. the topic was deleted).
   */
  public record PartitionLag(
      String topic, int partition, long committedOffset, Long logEndOffset, Long lag) {}
}
