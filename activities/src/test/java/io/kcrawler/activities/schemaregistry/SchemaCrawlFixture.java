package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.model.activities.SchemaRegistryActivities;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.schema.SchemaRegistryInfo;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the schema activity in Temporal's test activity environment against a local artifact store:
 * writes the topics artifact a crawl would have, calls the activity, reads the artifacts back.
 */
final class SchemaCrawlFixture implements AutoCloseable {
  static final SchemaRegistryClient.Settings FAST =
      SchemaRegistryClient.Settings.defaults()
          .withRequestsPerSecond(10_000)
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
          .withRequestTimeout(Duration.ofSeconds(5));

  private static final AtomicInteger RUNS = new AtomicInteger();

  final ObjectMapper mapper = new ObjectMapper();
  final LocalArtifactStore store;
  final List<ProgressDetails> heartbeats = new CopyOnWriteArrayList<>();
  private final TestActivityEnvironment env;
  private final SchemaRegistryActivities activities;

  SchemaCrawlFixture(Path dir, SecretResolver secrets, SchemaRegistryClient.Settings settings) {
    store = new LocalArtifactStore(dir);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new SchemaRegistryActivitiesImpl(store, secrets, mapper, settings));
    env.setActivityHeartbeatListener(ProgressDetails.class, heartbeats::add);
    activities =
        env.newActivityStub(
            SchemaRegistryActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  /** What one crawl produced. */
  record Result(
      PhaseResult phase, Map<String, SchemaSubjectMetadata> subjects, SchemaRegistryInfo info) {}

  Result crawl(SchemaRegistryConfig registry, List<String> topics, List<String> excludes)
      throws IOException {
    CrawlRequest request =
        CrawlRequest.of("conn", "localhost:9092")
            .withTopicFilters(null, excludes)
            .withSchemaRegistry(registry);
    CrawlContext context =
        new CrawlContext(
            "wf", "run", request, CrawlContext.prefixFor("conn", "run-" + RUNS.incrementAndGet()));
    ArtifactRef topicsRef;
    try (JsonLines.Writer<TopicMetadata> w =
        JsonLines.writer(store, context.artifactKey(ArtifactKinds.TOPICS), mapper)) {
      for (String t : topics) {
        w.write(new TopicMetadata(t, "id-" + t, false, 1, 1, 0, 0, List.of()));
      }
      topicsRef = w.finish();
    }
    PhaseResult phase = activities.crawlSchemas(context, topicsRef);
    Map<String, SchemaSubjectMetadata> subjects = new LinkedHashMap<>();
    JsonLines.forEach(
        store,
        phase.artifact(ArtifactKinds.SCHEMA_SUBJECTS).key(),
        SchemaSubjectMetadata.class,
        mapper,
        s -> subjects.put(s.subject(), s));
    SchemaRegistryInfo info;
    try (InputStream in = store.openRead(phase.artifact(ArtifactKinds.SCHEMA_REGISTRY).key())) {
      info = mapper.readValue(in, SchemaRegistryInfo.class);
    }
    return new Result(phase, subjects, info);
  }

  static SchemaRegistryConfig registry(String url) {
    return config(url, "TopicNameStrategy", null, null, false, false, false);
  }

  static SchemaRegistryConfig config(
      String url,
      String strategy,
      Map<String, List<String>> topicSubjects,
      Map<String, List<String>> recordTopics,
      boolean latestOnly,
      boolean compatibility,
      boolean softDeleted) {
    return new SchemaRegistryConfig(
        url,
        "NONE",
        null,
        null,
        null,
        null,
        latestOnly,
        compatibility,
        softDeleted,
        strategy,
        topicSubjects,
        recordTopics);
  }

  static SchemaRegistryConfig basic(String url, String user, String passwordRef) {
    return new SchemaRegistryConfig(
        url, "BASIC", user, passwordRef, null, null, null, false, null, null, null, null);
  }

  static SchemaRegistryConfig bearer(String url, String tokenRef) {
    return new SchemaRegistryConfig(
        url, "BEARER", null, null, tokenRef, null, null, false, null, null, null, null);
  }

  static SchemaRegistryConfig tls(String url, TlsConfig tls) {
    return new SchemaRegistryConfig(
        url, "NONE", null, null, null, tls, null, false, null, null, null, null);
  }

  @Override
  public void close() {
    env.close();
  }
}
