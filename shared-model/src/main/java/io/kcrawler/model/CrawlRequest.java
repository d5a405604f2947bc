package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What to crawl: one Kafka connection. This is the plain JSON a person types into the Temporal UI's
 * Start Workflow form; {@link CrawlRequestParser} turns that JSON into this record and says which
 * field is wrong when it cannot.
 *
 * <p>Credentials are references ({@code env:NAME}, {@code file:/path}, {@code vault:…}), never
 * values: this record travels through workflow history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrawlRequest(
    String connectionId,
    String connectionName,
    String bootstrapServers,
    SecurityConfig security,
    List<String> includeTopics,
    List<String> excludeTopics,
    Boolean skipInternalTopics,
    String outputLocation,
    SchemaRegistryConfig schemaRegistry,
    String runtimeId,
    Map<String, String> clientProperties) {

  /** The minimal request: a connection id and its bootstrap servers, everything else default. */
  public static CrawlRequest of(String connectionId, String bootstrapServers) {
    return new CrawlRequest(
        connectionId, null, bootstrapServers, null, null, null, null, null, null, null, null);
  }

  public String displayName() {
    return connectionName == null || connectionName.isBlank() ? connectionId : connectionName;
  }

  public SecurityConfig securityOrDefault() {
    return security == null ? SecurityConfig.plaintext() : security;
  }

  public boolean skipInternal() {
    return skipInternalTopics == null || skipInternalTopics;
  }

  public List<String> includes() {
    return includeTopics == null ? List.of() : includeTopics;
  }

  public List<String> excludes() {
    return excludeTopics == null ? List.of() : excludeTopics;
  }

  public Map<String, String> extraClientProperties() {
    return clientProperties == null ? Map.of() : clientProperties;
  }

  public CrawlRequest withSecurity(SecurityConfig newSecurity) {
    return new CrawlRequest(
        connectionId,
        connectionName,
        bootstrapServers,
        newSecurity,
        includeTopics,
        excludeTopics,
        skipInternalTopics,
        outputLocation,
        schemaRegistry,
        runtimeId,
        clientProperties);
  }

  public CrawlRequest withTopicFilters(List<String> include, List<String> exclude) {
    return new CrawlRequest(
        connectionId,
        connectionName,
        bootstrapServers,
        security,
        include,
        exclude,
        skipInternalTopics,
        outputLocation,
        schemaRegistry,
        runtimeId,
        clientProperties);
  }

  public CrawlRequest withOutputLocation(String location) {
    return new CrawlRequest(
        connectionId,
        connectionName,
        bootstrapServers,
        security,
        includeTopics,
        excludeTopics,
        skipInternalTopics,
        location,
        schemaRegistry,
        runtimeId,
        clientProperties);
  }

  public CrawlRequest withSchemaRegistry(SchemaRegistryConfig registry) {
    return new CrawlRequest(
        connectionId,
        connectionName,
        bootstrapServers,
        security,
        includeTopics,
        excludeTopics,
        skipInternalTopics,
        outputLocation,
        registry,
        runtimeId,
        clientProperties);
  }

  public CrawlRequest withRuntimeId(String runtime) {
    return new CrawlRequest(
        connectionId,
        connectionName,
        bootstrapServers,
        security,
        includeTopics,
        excludeTopics,
        skipInternalTopics,
        outputLocation,
        schemaRegistry,
        runtime,
        clientProperties);
  }
}
