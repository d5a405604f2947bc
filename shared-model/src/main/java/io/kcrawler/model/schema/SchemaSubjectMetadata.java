package io.kcrawler.model.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One Schema Registry subject, the topics it maps to and its versions (oldest first; only the
 * latest when the crawl asked for latest only). {@code role} is KEY or VALUE when the naming
 * strategy says so, else null. {@code compatibility} is the subject's own level, null when it has
 * none (it inherits) or levels were not read; {@code effectiveCompatibility} is the level the
 * registry enforces for it: its own, else the global one (null when levels were not read).
 */
public record SchemaSubjectMetadata(
    String subject,
    List<String> topics,
    String role,
    String recordName,
    String compatibility,
    boolean deleted,
    List<SchemaVersionMetadata> versions,
    @JsonInclude(JsonInclude.Include.NON_NULL) String effectiveCompatibility) {

  public SchemaSubjectMetadata(
      String subject,
      List<String> topics,
      String role,
      String recordName,
      String compatibility,
      boolean deleted,
      List<SchemaVersionMetadata> versions) {
    this(subject, topics, role, recordName, compatibility, deleted, versions, null);
  }

  /** The level to show for the subject: the effective one, else its own (older artifacts). */
  public String shownCompatibility() {
    return effectiveCompatibility != null ? effectiveCompatibility : compatibility;
  }

  public SchemaVersionMetadata latest() {
    return versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }
}
