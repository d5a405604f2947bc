package io.kcrawler.model.kafka;

import java.util.List;

/** Every config key of one topic, defaults included, each with its source. */
public record TopicConfigs(String topic, List<ConfigEntryMetadata> entries) {

  /** The effective value of {@code key}, or null when absent or masked. */
  public String value(String key) {
    for (ConfigEntryMetadata e : entries) {
      if (e.name().equals(key)) {
        return e.value();
      }
    }
    return null;
  }
}
