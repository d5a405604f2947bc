package io.kcrawler.activities.kafka;

import java.time.Duration;

/** Batch sizes of the chunked phases and how often they checkpoint; tests make both small. */
record Chunking(
    int describeTopicsBatch,
    int describeConfigsBatch,
    int describeGroupsBatch,
    Duration checkpointInterval) {

  static final Chunking DEFAULT =
      new Chunking(
          KafkaLimits.DESCRIBE_TOPICS_BATCH,
          KafkaLimits.DESCRIBE_CONFIGS_BATCH,
          KafkaLimits.DESCRIBE_GROUPS_BATCH,
          KafkaLimits.CHECKPOINT_INTERVAL);
}
