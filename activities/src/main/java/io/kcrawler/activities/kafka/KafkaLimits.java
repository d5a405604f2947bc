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
   * Resources per describeConfigs call: about 3.5 MB of response per broker at 1,000 topics. Chosen
   * by measurement (bench/results, "Chunk sizes": the whole call over 10k topics takes about as
   * long at 1,000 as in one request, 500 is ~15% slower with a 2 ms round trip, 100 twice as slow),
   * and 1,000 keeps a retry's lost work and a checkpoint small.
   */
  static final int DESCRIBE_CONFIGS_BATCH = 1_000;

  /**
   * Groups per describeConsumerGroups and listConsumerGroupOffsets call (the client fans out one
   * request per coordinator, KIP-709). Measured like DESCRIBE_CONFIGS_BATCH: 1,000 is within a few
   * ms of one call for 2,000 groups, 250 and less cost a round trip per chunk.
   */
  static final int DESCRIBE_GROUPS_BATCH = 1_000;

  /**
   * Chunks asked for before the oldest answer is processed: the Admin client sends one request per
   * broker connection at a time, so a second chunk queued keeps the broker busy while this side
   * converts and writes the first. More would only hold more answers in memory.
   */
  static final int IN_FLIGHT = 2;

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
