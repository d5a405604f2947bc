package io.kcrawler.activities.kafka;

import io.kcrawler.model.kafka.ConfigEntryMetadata;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;

/** Converts describeConfigs entries, masking sensitive values: they never leave the client. */
final class Configs {
  private Configs() {}

  static ConfigEntryMetadata entry(ConfigEntry e) {
    String value =
        e.isSensitive() ? (e.value() == null ? null : ConfigEntryMetadata.MASK) : e.value();
    return new ConfigEntryMetadata(
        e.name(), value, e.source().name(), e.isSensitive(), e.isReadOnly());
  }

  static List<ConfigEntryMetadata> all(Config config) {
    return config.entries().stream()
        .map(Configs::entry)
        .sorted(Comparator.comparing(ConfigEntryMetadata::name))
        .toList();
  }

  static List<ConfigEntryMetadata> nonDefault(Config config) {
    return all(config).stream().filter(e -> !e.isDefault()).toList();
  }
}
