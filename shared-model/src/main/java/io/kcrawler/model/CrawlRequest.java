package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What to crawl: one Kafka connection. This is the plain JSON a person types into the Temporal UI's
 * Start Workflow form; {@link CrawlRequestParser} turns that JSON into this record and says which
 * field is wrong when it cannot.
 *
 * <p>{@code atlanConnectionQualifiedName} names an existing Atlan Connection to publish under
 * ({@code default/confluent-kafka/<epoch>}); publish checks that it exists and never creates it.
 *
 * <p>{@code confluentCloud} names the Confluent Cloud cluster and a Cloud API key for the Metrics
 * API (topic sizes and traffic); without it sizes come from describeLogDirs.
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
    Map<String, String> clientProperties,
    String atlanConnectionQualifiedName,
    Boolean fullPublish,
    ConfluentCloudConfig confluentCloud,
    ChangeReportConfig changeReport) {

  /** The minimal request: a connection id and its bootstrap servers, everything else default. */
  public static CrawlRequest of(String connectionId, String bootstrapServers) {
    return new CrawlRequest(
        connectionId,
        null,
        bootstrapServers,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
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
    return toBuilder().security(newSecurity).build();
  }

  public CrawlRequest withTopicFilters(List<String> include, List<String> exclude) {
    return toBuilder().includeTopics(include).excludeTopics(exclude).build();
  }

  public CrawlRequest withOutputLocation(String location) {
    return toBuilder().outputLocation(location).build();
  }

  public CrawlRequest withSchemaRegistry(SchemaRegistryConfig registry) {
    return toBuilder().schemaRegistry(registry).build();
  }

  /** Whether publish must send every asset, changed or not (a catalog that lost data). */
  public boolean fullPublishRequested() {
    return fullPublish != null && fullPublish;
  }

  public CrawlRequest withFullPublish(boolean full) {
    return toBuilder().fullPublish(full).build();
  }

  public CrawlRequest withAtlanConnectionQualifiedName(String qualifiedName) {
    return toBuilder().atlanConnectionQualifiedName(qualifiedName).build();
  }

  public CrawlRequest withConfluentCloud(ConfluentCloudConfig cloud) {
    return toBuilder().confluentCloud(cloud).build();
  }

  /** The change report's thresholds: the request's, else the defaults. */
  public ChangeReportConfig changeReportOrDefault() {
    return changeReport == null ? ChangeReportConfig.defaults() : changeReport;
  }

  public CrawlRequest withChangeReport(ChangeReportConfig config) {
    return toBuilder().changeReport(config).build();
  }

  public CrawlRequest withRuntimeId(String runtime) {
    return toBuilder().runtimeId(runtime).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies a request with some fields changed; the record stays immutable. */
  public static final class Builder {
    private String connectionId;
    private String connectionName;
    private String bootstrapServers;
    private SecurityConfig security;
    private List<String> includeTopics;
    private List<String> excludeTopics;
    private Boolean skipInternalTopics;
    private String outputLocation;
    private SchemaRegistryConfig schemaRegistry;
    private String runtimeId;
    private Map<String, String> clientProperties;
    private String atlanConnectionQualifiedName;
    private Boolean fullPublish;
    private ConfluentCloudConfig confluentCloud;
    private ChangeReportConfig changeReport;

    private Builder(CrawlRequest r) {
      connectionId = r.connectionId;
      connectionName = r.connectionName;
      bootstrapServers = r.bootstrapServers;
      security = r.security;
      includeTopics = r.includeTopics;
      excludeTopics = r.excludeTopics;
      skipInternalTopics = r.skipInternalTopics;
      outputLocation = r.outputLocation;
      schemaRegistry = r.schemaRegistry;
      runtimeId = r.runtimeId;
      clientProperties = r.clientProperties;
      atlanConnectionQualifiedName = r.atlanConnectionQualifiedName;
      fullPublish = r.fullPublish;
      confluentCloud = r.confluentCloud;
      changeReport = r.changeReport;
    }

    public Builder connectionId(String v) {
      connectionId = v;
      return this;
    }

    public Builder connectionName(String v) {
      connectionName = v;
      return this;
    }

    public Builder bootstrapServers(String v) {
      bootstrapServers = v;
      return this;
    }

    public Builder security(SecurityConfig v) {
      security = v;
      return this;
    }

    public Builder includeTopics(List<String> v) {
      includeTopics = v;
      return this;
    }

    public Builder excludeTopics(List<String> v) {
      excludeTopics = v;
      return this;
    }

    public Builder skipInternalTopics(Boolean v) {
      skipInternalTopics = v;
      return this;
    }

    public Builder outputLocation(String v) {
      outputLocation = v;
      return this;
    }

    public Builder schemaRegistry(SchemaRegistryConfig v) {
      schemaRegistry = v;
      return this;
    }

    public Builder runtimeId(String v) {
      runtimeId = v;
      return this;
    }

    public Builder clientProperties(Map<String, String> v) {
      clientProperties = v;
      return this;
    }

    public Builder atlanConnectionQualifiedName(String v) {
      atlanConnectionQualifiedName = v;
      return this;
    }

    public Builder fullPublish(Boolean v) {
      fullPublish = v;
      return this;
    }

    public Builder confluentCloud(ConfluentCloudConfig v) {
      confluentCloud = v;
      return this;
    }

    public Builder changeReport(ChangeReportConfig v) {
      changeReport = v;
      return this;
    }

    public CrawlRequest build() {
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
          runtimeId,
          clientProperties,
          atlanConnectionQualifiedName,
          fullPublish,
          confluentCloud,
          changeReport);
    }
  }
}
