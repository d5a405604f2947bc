package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.KafkaTopic;
import io.kcrawler.activities.catalog.AtlanModel.SchemaRegistrySubject;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code SchemaRegistrySubject} asset: its latest version and schema, compatibility, and the
 * topics it describes, both as Atlan's governing-asset qualifiedNames and as the {@code assets}
 * relationship (only to topics this crawl publishes: a relationship to an absent asset is refused).
 */
final class SchemaRegistrySubjectMapper {
  private final CrawlIndex index;
  private final String connectionQn;

  SchemaRegistrySubjectMapper(CrawlIndex index, String connectionQn) {
    this.index = index;
    this.connectionQn = connectionQn;
  }

  AtlanEntity map(SchemaSubjectMetadata s, List<SchemaVersionMetadata> versions) {
    SchemaVersionMetadata latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
    List<String> topics = s.topics() == null ? List.of() : s.topics();
    List<Map<String, Object>> topicRefs = new ArrayList<>();
    for (String topic : topics) {
      if (index.topicNames.contains(topic)) {
        topicRefs.add(
            AtlanEntity.ref(KafkaTopic.TYPE, AtlanQualifiedNames.topic(connectionQn, topic)));
      }
    }
    return AtlanEntity.builder(
            SchemaRegistrySubject.TYPE,
            AtlanQualifiedNames.subject(connectionQn, s.subject()),
            s.subject(),
            connectionQn)
        .attr(SchemaRegistrySubject.BASE_NAME, baseName(s.subject()))
        .attr(SchemaRegistrySubject.IS_KEY_SCHEMA, s.role() == null ? null : "KEY".equals(s.role()))
        .attr(
            SchemaRegistrySubject.SCHEMA_COMPATIBILITY,
            AtlanEnumValues.compatibility(s.shownCompatibility()))
        .attr(
            SchemaRegistrySubject.LATEST_SCHEMA_VERSION,
            latest == null ? null : String.valueOf(latest.version()))
        .attr(
            SchemaRegistrySubject.LATEST_SCHEMA_DEFINITION, latest == null ? null : latest.schema())
        .attr(
            SchemaRegistrySubject.SCHEMA_TYPE,
            latest == null ? null : AtlanEnumValues.schemaType(latest.schemaType()))
        .attr(
            SchemaRegistrySubject.SCHEMA_ID,
            latest == null ? null : String.valueOf(latest.schemaId()))
        .attr(
            SchemaRegistrySubject.GOVERNING_ASSET_QUALIFIED_NAMES,
            topics.stream().map(t -> AtlanQualifiedNames.topic(connectionQn, t)).toList())
        .rel(SchemaRegistrySubject.ASSETS, topicRefs)
        .build();
  }

  /** What the change report compares: compatibility and the version numbers. */
  static Map<String, Object> facts(SchemaSubjectMetadata s, List<SchemaVersionMetadata> versions) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("compatibility", s.shownCompatibility());
    facts.put("versions", versions.stream().map(SchemaVersionMetadata::version).toList());
    return facts;
  }

  static String baseName(String subject) {
    if (subject.endsWith("-key")) {
      return subject.substring(0, subject.length() - 4);
    }
    if (subject.endsWith("-value")) {
      return subject.substring(0, subject.length() - 6);
    }
    return subject;
  }
}
