package io.kcrawler.activities.catalog;

/**
 * The rules of the risk-classified change report, each with a stable name, a fixed level and the
 * reason for that level. Every rule fires on a transition since the previous successful crawl of
 * the connection, never on a condition that was already there, so an unchanged cluster reports
 * nothing.
 */
enum RiskRule {
  RETENTION_LOWERED(
      "retention-lowered",
      RiskLevel.HIGH,
      "records are deleted sooner: consumers that lag or replay lose data for good"),
  CLEANUP_POLICY_CHANGED(
      "cleanup-policy-changed",
      RiskLevel.HIGH,
      "delete ↔ compact changes which records survive: history or latest-per-key is lost"),
  PARTITION_COUNT_CHANGED(
      "partition-count-changed",
      RiskLevel.MEDIUM,
      "keys map to other partitions: per-key ordering breaks across the change, no data is lost"),
  REPLICATION_BELOW_MIN_ISR(
      "replication-below-min-isr",
      RiskLevel.HIGH,
      "with replication factor < min.insync.replicas + 1, one broker down stops acks=all writes"),
  PARTITIONS_UNDER_REPLICATED(
      "partitions-under-replicated",
      RiskLevel.MEDIUM,
      "the topic still works, but one more broker failure can stop writes or lose data"),
  PARTITIONS_OFFLINE(
      "partitions-offline",
      RiskLevel.HIGH,
      "partitions without a leader cannot be read or written at all"),
  COMPATIBILITY_RELAXED(
      "compatibility-relaxed",
      RiskLevel.MEDIUM,
      "nothing broke yet, but the registry stops refusing schemas that break readers"),
  SCHEMA_FIELD_REMOVED(
      "schema-field-removed",
      RiskLevel.HIGH,
      "readers that use the field get nothing (or a default) from new records"),
  SCHEMA_FIELD_TYPE_CHANGED(
      "schema-field-type-changed",
      RiskLevel.HIGH,
      "readers of the old type fail or misread new records"),
  GROUP_VANISHED(
      "group-vanished",
      RiskLevel.MEDIUM,
      "its committed positions are gone: a restarted consumer re-reads or skips data"),
  GROUP_LAG_GREW(
      "group-lag-grew",
      RiskLevel.MEDIUM,
      "consumers are falling behind: data arrives late downstream, and retention may overtake it"),
  TOPIC_WITH_CONSUMERS_DELETED(
      "topic-with-consumers-deleted",
      RiskLevel.HIGH,
      "groups that read the topic lose their input and their position"),
  ACCESS_WIDENED_WILDCARD(
      "access-widened-wildcard",
      RiskLevel.HIGH,
      "a wildcard or prefixed grant reaches topics nobody reviewed one by one, including future ones"),
  NEW_WRITER(
      "new-writer",
      RiskLevel.MEDIUM,
      "a principal that could write nowhere can now change data others read"),
  GROUP_IDLE(
      "group-idle",
      RiskLevel.LOW,
      "records are waiting but nobody commits: a stopped consumer, nothing lost yet");

  private final String id;
  private final RiskLevel level;
  private final String why;

  RiskRule(String id, RiskLevel level, String why) {
    this.id = id;
    this.level = level;
    this.why = why;
  }

  /** The stable name in reports and counts, e.g. {@code retention-lowered}. */
  String id() {
    return id;
  }

  RiskLevel level() {
    return level;
  }

  /** Why the rule has its level, one line for the README and the report. */
  String why() {
    return why;
  }
}
