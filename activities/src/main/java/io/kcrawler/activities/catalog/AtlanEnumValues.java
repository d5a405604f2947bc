package io.kcrawler.activities.catalog;

import java.util.Locale;

/**
 * Kafka's and the registry's values turned into the values of Atlan's enums. Where Atlan has no
 * value for what Kafka reports (a group {@code ASSIGNING} or {@code RECONCILING} under the KIP-848
 * protocol, a combined {@code compact,delete} policy), the attribute is left out: one invalid enum
 * value gets Atlan to refuse the whole bulk request. The raw value stays in the raw crawl output.
 */
final class AtlanEnumValues {
  private AtlanEnumValues() {}

  /**
   * Kafka's {@code GroupState} name ({@code PREPARING_REBALANCE}) as Atlan's {@code
   * KafkaConsumerGroupState} ({@code PreparingRebalance}), which spells Kafka's classic states the
   * way {@code GroupState.toString()} does.
   */
  static String consumerGroupState(String kafkaState) {
    if (kafkaState == null) {
      return null;
    }
    StringBuilder camel = new StringBuilder();
    for (String word : kafkaState.toLowerCase(Locale.ROOT).split("_")) {
      if (!word.isEmpty()) {
        camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return valueOf(AtlanModel.CONSUMER_GROUP_STATE, camel.toString());
  }

  /** {@code compression.type}: Kafka's values are Atlan's, lower case. */
  static String compressionType(String config) {
    return config == null ? null : valueOf(AtlanModel.COMPRESSION_TYPE, lower(config));
  }

  /** {@code cleanup.policy} when it is one policy; a combined one has no Atlan value. */
  static String cleanupPolicy(String config) {
    return config == null ? null : valueOf(AtlanModel.CLEANUP_POLICY, lower(config));
  }

  /** The registry's schemaType; the registry leaves it out for Avro, its default. */
  static String schemaType(String registryType) {
    return valueOf(
        AtlanModel.SCHEMA_TYPE,
        registryType == null ? "AVRO" : registryType.trim().toUpperCase(Locale.ROOT));
  }

  /** The registry's compatibility level, the same names in Atlan. */
  static String compatibility(String level) {
    return level == null
        ? null
        : valueOf(AtlanModel.SCHEMA_COMPATIBILITY, level.trim().toUpperCase(Locale.ROOT));
  }

  private static String lower(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  private static String valueOf(AtlanModel.AtlanEnum e, String candidate) {
    return e.values().contains(candidate) ? candidate : null;
  }
}
