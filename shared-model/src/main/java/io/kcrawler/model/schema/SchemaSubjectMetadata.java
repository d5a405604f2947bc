package io.kcrawler.model.schema;

import java.util.List;

/**
 * One Schema Registry subject, the topics it maps to and its versions (oldest first; only the
 * latest when the crawl asked for latest only). {@code role} is KEY or VALUE when the naming
 * strategy says so, else null; {@code compatibility} is null when not fetched or not set.
 */
public record SchemaSubjectMetadata(
    String subject,
    List<String> topics,
    String role,
    String recordName,
    String compatibility,
    boolean deleted,
    List<SchemaVersionMetadata> versions) {

  public SchemaVersionMetadata latest() {
    return versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }
}
