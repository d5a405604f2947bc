package io.kcrawler.workflow;

import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.PreflightResult;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.activities.SchemaRegistryActivities;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every activity of a crawl, answering with small canned results, or failing as told: the workflow
 * tier tests the workflow's branches without Kafka, a registry or a catalog. Records which
 * activities ran, on which task queue.
 */
public class FakeActivities
    implements ClusterMetadataActivities, SchemaRegistryActivities, CatalogPublishActivities {

  /** Task queue of the host a preflight may pin the crawl to, when asked to. */
  private volatile String pinTo;

  private final Map<String, FailureType> failures = new ConcurrentHashMap<>();
  private final Map<String, String> warnings = new ConcurrentHashMap<>();
  private final Map<String, String> notes = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();

  /** Makes the phase's activity fail, non-retryable, with this failure type. */
  FakeActivities failing(String phase, FailureType type) {
    failures.put(phase, type);
    return this;
  }

  /** Makes the phase report this warning (a degraded phase). */
  FakeActivities warning(String phase, String warning) {
    warnings.put(phase, warning);
    return this;
  }

  /** Makes the phase report this note (how a complete read was made). */
  FakeActivities note(String phase, String note) {
    notes.put(phase, note);
    return this;
  }

  /** Makes preflight pin the rest of the crawl to this host queue. */
  FakeActivities pinningTo(String hostQueue) {
    this.pinTo = hostQueue;
    return this;
  }

  private PhaseResult phase(String phase, String kind, long count) {
    calls.add(phase + "@" + Activity.getExecutionContext().getInfo().getActivityTaskQueue());
    FailureType failure = failures.get(phase);
    if (failure != null) {
      throw failure.failure(phase + " failed as the test asked");
    }
    String warning = warnings.get(phase);
    return PhaseResult.of(
            phase,
            Map.of(kind, count),
            kind.isEmpty()
                ? Map.of()
                : Map.of(kind, new ArtifactRef("runs/" + phase + "/" + kind, count, count * 10)),
            warning == null ? List.of() : List.of(warning))
        .withNotes(notes.containsKey(phase) ? List.of(notes.get(phase)) : List.of());
  }

  @Override
  public PreflightResult preflight(CrawlContext context) {
    phase(Phases.PREFLIGHT, "", 0);
    return new PreflightResult("cluster-1", 1, 3, List.of(), List.of(), pinTo);
  }

  @Override
  public PhaseResult crawlTopics(CrawlContext context) {
    return phase(Phases.TOPICS, ArtifactKinds.TOPICS, 12);
  }

  @Override
  public PhaseResult crawlTopicConfigs(CrawlContext context, ArtifactRef topics) {
    return phase(Phases.TOPIC_CONFIGS, ArtifactKinds.TOPIC_CONFIGS, 12);
  }

  @Override
  public PhaseResult crawlBrokers(CrawlContext context) {
    return phase(Phases.BROKERS, ArtifactKinds.BROKERS, 3);
  }

  @Override
  public PhaseResult crawlConsumerGroups(CrawlContext context, ArtifactRef topics) {
    return phase(Phases.CONSUMER_GROUPS, ArtifactKinds.CONSUMER_GROUPS, 4);
  }

  @Override
  public void releaseConnection(CrawlContext context) {
    calls.add("release@" + Activity.getExecutionContext().getInfo().getActivityTaskQueue());
  }

  @Override
  public PhaseResult crawlSchemas(CrawlContext context, ArtifactRef topics) {
    return phase(Phases.SCHEMAS, ArtifactKinds.SCHEMA_SUBJECTS, 5);
  }

  @Override
  public PhaseResult publish(PublishRequest request) {
    return phase(Phases.PUBLISH, ArtifactKinds.OUTPUT, 30);
  }
}
