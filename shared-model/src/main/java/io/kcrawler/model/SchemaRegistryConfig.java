package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Optional Schema Registry to crawl (Confluent REST API, also Confluent Cloud's). {@code authType}
 * is NONE, BASIC (Confluent Cloud API key and secret), BEARER (a static token) or OAUTH (tokens
 * from an identity provider with {@code oauth}'s client credentials); secrets are references.
 * {@code subjectNameStrategy} is TopicNameStrategy (default), TopicRecordNameStrategy or
 * RecordNameStrategy, for keys and values alike unless {@code keySubjectNameStrategy} or {@code
 * valueSubjectNameStrategy} says otherwise (as the serializers' {@code key.subject.name.strategy}
 * and {@code value.subject.name.strategy} can differ); {@code topicSubjects} maps a topic to
 * subjects explicitly and wins over any strategy; {@code recordTopics} maps a fully qualified
 * record name to the topics that carry it (for RecordNameStrategy).
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
    Map<String, List<String>> recordTopics,
    String keySubjectNameStrategy,
    String valueSubjectNameStrategy,
    OAuthConfig oauth) {

  public SchemaRegistryConfig(
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
    this(
        url,
        authType,
        username,
        passwordRef,
        tokenRef,
        tls,
        latestOnly,
        includeCompatibility,
        includeSoftDeleted,
        subjectNameStrategy,
        topicSubjects,
        recordTopics,
        null,
        null,
        null);
  }

  public static SchemaRegistryConfig unauthenticated(String url) {
    return new SchemaRegistryConfig(
        url, "NONE", null, null, null, null, null, null, null, null, null, null);
  }

  /** A registry that takes tokens from an identity provider's client credentials grant. */
  public static SchemaRegistryConfig oauth(String url, OAuthConfig oauth) {
    return new SchemaRegistryConfig(
        url, "OAUTH", null, null, null, null, null, null, null, null, null, null, null, null,
        oauth);
  }

  /** The same registry reached with {@code tls} (a private CA, a client certificate). */
  public SchemaRegistryConfig withTls(TlsConfig tls) {
    return new SchemaRegistryConfig(
        url,
        authType,
        username,
        passwordRef,
        tokenRef,
        tls,
        latestOnly,
        includeCompatibility,
        includeSoftDeleted,
        subjectNameStrategy,
        topicSubjects,
        recordTopics,
        keySubjectNameStrategy,
        valueSubjectNameStrategy,
        oauth);
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

  /** The strategy key subjects were registered with: its own setting, else the common one. */
  public String keyStrategyOrDefault() {
    return keySubjectNameStrategy == null ? strategyOrDefault() : keySubjectNameStrategy;
  }

  /** The strategy value subjects were registered with: its own setting, else the common one. */
  public String valueStrategyOrDefault() {
    return valueSubjectNameStrategy == null ? strategyOrDefault() : valueSubjectNameStrategy;
  }
}
