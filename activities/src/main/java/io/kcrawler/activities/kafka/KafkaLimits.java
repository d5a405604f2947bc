package io.kcrawler.activities.kafka;

import java.time.Duration;

/** Batch sizes and timeouts of the Admin calls, each with the reason for its value. */
final class KafkaLimits {
  /**
   * Topics per describeTopics call: the broker pages partitions itself (DescribeTopicPartitions),
   * and 1,000 names keep one request well under the default 100 MB socket request limit.
   */
  static final int DESCRIBE_TOPICS_BATCH = 1_000;

  /**
   * Resources per describeConfigs call: a few hundred KB of response, one round trip per broker.
   */
  static final int DESCRIBE_CONFIGS_BATCH = 500;

  /** Groups per describeConsumerGroups call; the client fans out one request per coordinator. */
  static final int DESCRIBE_GROUPS_BATCH = 500;

  /** Groups per listConsumerGroupOffsets call; batched per coordinator by the client (KIP-709). */
  static final int GROUP_OFFSETS_BATCH = 500;

  /** Partitions per listOffsets call: one ListOffsets request per leader per chunk. */
  static final int LIST_OFFSETS_BATCH = 10_000;

  /**
   * A chunked phase makes what it wrote durable (a part in the artifact store) at most this often,
   * so a retry loses at most this much work plus the heartbeat lag, while a phase done within it
   * writes its artifact in one piece as before. Each checkpoint costs one upload, and the parts are
   * joined once at the end.
   */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** Preflight gives up on a silent cluster after this long (then Temporal retries it). */
  static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(20);

  /** Bound of any single Admin call including the client's internal retries. */
  static final Duration API_TIMEOUT = Duration.ofSeconds(60);

  /** A shared Admin client unused for this long is closed (its crawl died or moved away). */
  static final Duration ADMIN_IDLE_TIMEOUT = Duration.ofMinutes(5);

  private KafkaLimits() {}
}
