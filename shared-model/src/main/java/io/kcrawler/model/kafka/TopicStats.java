package io.kcrawler.model.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Offsets, size and traffic of one topic. {@code recordCount} is Σ(end − start) over partitions:
 * exact for plain topics, an upper bound for compacted or transactional ones (compaction holes and
 * commit markers occupy offsets). {@code sizeBytes} is null when no source had a size: log dirs
 * could not be described, or the Metrics API does not know the topic (yet); {@code sizeSource} says
 * where a size came from ({@link #FROM_LOG_DIRS} or {@link #FROM_METRICS_API}). {@code activity} is
 * the last 24 hours' traffic, only with Confluent Cloud's Metrics API.
 */
public record TopicStats(
    String topic,
    long recordCount,
    Long sizeBytes,
    int consumerGroupCount,
    List<PartitionOffsets> partitions,
    @JsonInclude(JsonInclude.Include.NON_NULL) String sizeSource,
    @JsonInclude(JsonInclude.Include.NON_NULL) TopicActivity activity) {

  /** Leader replicas' sizes on the brokers' disks (describeLogDirs). */
  public static final String FROM_LOG_DIRS = "describeLogDirs";

  /** Confluent Cloud Metrics API, {@code io.confluent.kafka.server/retained_bytes}. */
  public static final String FROM_METRICS_API = "metricsApi";

  public TopicStats(
      String topic,
      long recordCount,
      Long sizeBytes,
      int consumerGroupCount,
      List<PartitionOffsets> partitions) {
    this(topic, recordCount, sizeBytes, consumerGroupCount, partitions, null, null);
  }

  /** Start (log-start) and end (log-end / high watermark) offsets of one partition. */
  public record PartitionOffsets(int partition, Long startOffset, Long endOffset) {}
}
