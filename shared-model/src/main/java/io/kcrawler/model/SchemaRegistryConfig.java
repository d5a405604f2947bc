package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Optional Schema Registry to crawl (Confluent REST API, also Confluent Cloud's). {@code authType}
 * is NONE, BASIC (Confluent Cloud API key and secret) or BEARER; secrets are references. {@code
 * subjectNameStrategy} is TopicNameStrategy (default), TopicRecordNameStrategy or
 * RecordNameStrategy; {@code topicSubjects} maps a topic to subjects explicitly and wins over any
 * strategy; {@code recordTopics} maps a fully qualified record name to the topics that carry it
 * (for RecordNameStrategy).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaRegistryConfig(
    String url,
    String authType,
    String username,
    String passwordRef,
    String tokenRef,
    TlsConfig tls,
    Boolean latestOnly,
    Boolean includeCompatibility,
    Boolean includeSoftDeleted,
    String subjectNameStrategy,
    Map<String, List<String>> topicSubjects,
    Map<String, List<String>> recordTopics) {

  public static SchemaRegistryConfig unauthenticated(String url) {
    return new SchemaRegistryConfig(
        url, "NONE", null, null, null, null, null, null, null, null, null, null);
  }

  public String authTypeOrDefault() {
    return authType == null ? "NONE" : authType;
  }

  public boolean latestVersionsOnly() {
    return latestOnly != null && latestOnly;
  }

  public boolean compatibilityLevels() {
    return includeCompatibility == null || includeCompatibility;
  }

  public boolean softDeleted() {
    return includeSoftDeleted != null && includeSoftDeleted;
  }

  public String strategyOrDefault() {
    return subjectNameStrategy == null ? "TopicNameStrategy" : subjectNameStrategy;
  }
}
