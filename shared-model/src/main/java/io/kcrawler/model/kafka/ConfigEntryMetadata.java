package io.kcrawler.model.kafka;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One config key as describeConfigs reports it. {@code source} is Kafka's ConfigSource name
 * (DYNAMIC_TOPIC_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG …); {@code value} is null for
 * sensitive keys, which are never written anywhere.
 *
 * <p>In JSON the flags appear only when true: a topic has ~40 keys, almost all of them plain
 * defaults, and at 10k topics every constant field costs megabytes written by the configs phase and
 * parsed again by publish. Whether a key is a default is its source, not a separate field.
 */
public record ConfigEntryMetadata(
    String name,
    String value,
    String source,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean sensitive,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnly) {

  /** What sensitive values are replaced with. */
  public static final String MASK = "******";

  /** Kafka's ConfigSource of a key nobody set: the topic or broker runs on Kafka's default. */
  public static final String DEFAULT_SOURCE = "DEFAULT_CONFIG";

  /** Whether nobody set this key (source {@value #DEFAULT_SOURCE}). */
  @JsonIgnore
  public boolean isDefault() {
    return DEFAULT_SOURCE.equals(source);
  }
}
