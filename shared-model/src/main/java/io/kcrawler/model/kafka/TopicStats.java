package io.kcrawler.model.kafka;

import java.util.List;

/**
 * Offsets and size of one topic. {@code recordCount} is Σ(end − start) over partitions: exact for
 * plain topics, an upper bound for compacted or transactional ones (compaction holes and commit
 * markers occupy offsets). {@code sizeBytes} is null when log dirs could not be described.
 */
public record TopicStats(
    String topic,
    long recordCount,
    Long sizeBytes,
    int consumerGroupCount,
    List<PartitionOffsets> partitions) {

  /** Start (log-start) and end (log-end / high watermark) offsets of one partition. */
  public record PartitionOffsets(int partition, Long startOffset, Long endOffset) {}
}
