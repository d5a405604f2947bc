package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.boundary.ActivityBoundary;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.activities.SchemaRegistryActivities;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema phase's activity: a thin façade that builds the registry client (shared keep-alive
 * connections and rate limit per registry), runs {@link SchemasCrawler} through the {@link
 * ActivityBoundary} (heartbeats, one failure table: a registry that stays down is {@link
 * FailureType#SCHEMA_REGISTRY_UNAVAILABLE}, rejected credentials {@link FailureType#AUTH_FAILED})
 * and undoes what a failure leaves behind (a cached secret, a TLS context).
 */
public final class SchemaRegistryActivitiesImpl implements SchemaRegistryActivities {
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryActivitiesImpl.class);

  private final ArtifactStore store;
  private final SecretResolver secrets;
  private final ObjectMapper mapper;
  private final SchemaRegistryClient.Settings settings;
  private final SchemaParsers parsers;
  private final SchemaRegistryClient.Connections connections =
      new SchemaRegistryClient.Connections();

  public SchemaRegistryActivitiesImpl(
      ArtifactStore store, SecretResolver secrets, ObjectMapper mapper) {
    this(store, secrets, mapper, SchemaRegistryClient.Settings.defaults());
  }

  /**
   * With client tuning (reads per second, retries, Retry-After cap): tests and the bench use it; a
   * worker runs with {@link SchemaRegistryClient.Settings#defaults()}.
   */
  public SchemaRegistryActivitiesImpl(
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      SchemaRegistryClient.Settings settings) {
    this.store = store;
    this.secrets = secrets;
    this.mapper = mapper;
    this.settings = settings;
    this.parsers = new SchemaParsers(mapper);
  }

  @Override
  public PhaseResult crawlSchemas(CrawlContext context, ArtifactRef topics) {
    SchemaRegistryConfig config = context.request().schemaRegistry();
    if (config == null) {
      return PhaseResult.of(
          Phases.SCHEMAS, Map.of(), Map.of(), List.of("no Schema Registry in the request"));
    }
    SchemaRegistryClient[] client = {null};
    return ActivityBoundary.run(
        Phases.SCHEMAS,
        context.request(),
        progress -> {
          client[0] =
              SchemaRegistryClient.create(config, secrets, mapper, settings, connections)
                  .keepingAlive(progress::keepAlive);
          return new SchemasCrawler(store, mapper, parsers, client[0], progress)
              .crawl(context, config, crawledTopics(topics));
        },
        (type, cause) -> {
          if (client[0] != null) {
            log.warn(
                "schema phase failed after {} registry requests: {}",
                client[0].requestCount(),
                cause.getMessage());
          }
          if (type == FailureType.AUTH_FAILED) {
            // The next attempt must read the secret again: it may have been rotated meanwhile.
            for (String ref : new String[] {config.passwordRef(), config.tokenRef()}) {
              if (ref != null) {
                secrets.invalidate(ref);
              }
            }
          }
          if (cause instanceof SchemaRegistryException e
              && e.kind() == SchemaRegistryException.Kind.TLS) {
            connections.evict(config);
          }
        });
  }

  private Set<String> crawledTopics(ArtifactRef topics) throws IOException {
    Set<String> names = new HashSet<>();
    if (topics != null) {
      JsonLines.forEach(store, topics.key(), TopicMetadata.class, mapper, t -> names.add(t.name()));
    }
    return names;
  }
}
