package io.kcrawler.model.kafka;

/**
 * One config key as describeConfigs reports it. {@code source} is Kafka's ConfigSource name
 * (DYNAMIC_TOPIC_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG …); {@code value} is null for
 * sensitive keys, which are never written anywhere.
 */
public record ConfigEntryMetadata(
    String name,
    String value,
    String source,
    boolean isDefault,
    boolean sensitive,
    boolean readOnly) {

  /** What sensitive values are replaced with. */
  public static final String MASK = "******";
}
