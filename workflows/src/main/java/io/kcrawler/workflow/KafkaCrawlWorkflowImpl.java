package io.kcrawler.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlRequestParser;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.PreflightResult;
import io.kcrawler.model.TaskQueues;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.activities.SchemaRegistryActivities;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * preflight → topics → (topic configs ‖ brokers ‖ consumer groups ‖ schemas) → publish. Topics and
 * preflight are required; the parallel phases degrade instead of failing the crawl when the
 * principal lacks an optional right, and the schema phase always degrades (the registry is a
 * separate service). Only references and counts pass through here.
 */
public class KafkaCrawlWorkflowImpl implements KafkaCrawlWorkflow {
  private static final Logger log = Workflow.getLogger(KafkaCrawlWorkflowImpl.class);

  private final List<PhaseSummary> phases = new ArrayList<>();

  /** Start times of the phases still running (for the progress query and durations). */
  private final Map<String, Long> running = new LinkedHashMap<>();

  /** When each parallel phase's activity completed, recorded as it completes. */
  private final Map<String, Long> finishedAt = new LinkedHashMap<>();

  private boolean queueUnpolled;

  /** Where the crawl's activities run: the request's queue, or the host preflight pinned. */
  private String activityQueue;

  private boolean pinnedToHost;

  /** The Admin client release started before publish, if it was. */
  private Promise<Void> earlyRelease;

  /** Version marker of starting the release beside publish rather than after it. */
  static final String RELEASE_BEFORE_PUBLISH = "release-before-publish";

  /**
   * Version marker of validating the request once, its outcome recorded in history: a replay reads
   * the recorded outcome instead of running today's rules on yesterday's request, so a rule can be
   * tightened without breaking crawls in flight.
   */
  static final String VALIDATE_ONCE = "validate-once";

  /** The request as parsed, or why it is invalid: recorded, never thrown, by the side effect. */
  public record Validated(CrawlRequest request, String problem) {}

  @Override
  public CrawlSummary crawl(JsonNode json) {
    long started = Workflow.currentTimeMillis();
    Validated validated =
        Workflow.getVersion(VALIDATE_ONCE, Workflow.DEFAULT_VERSION, 1) == 1
            ? Workflow.sideEffect(Validated.class, () -> validate(json))
            : validate(json);
    if (validated.problem() != null) {
      throw FailureType.INVALID_INPUT.failure(validated.problem());
    }
    CrawlRequest request = validated.request();
    WorkflowInfo info = Workflow.getInfo();
    CrawlContext context =
        new CrawlContext(
            info.getWorkflowId(),
            info.getRunId(),
            request,
            CrawlContext.prefixFor(request.connectionId(), info.getRunId()));
    String queue = TaskQueues.activitiesFor(request);
    boolean remote = request.runtimeId() != null;
    activityQueue = queue;
    try {
      PreflightResult preflight =
          required(
              Phases.PREFLIGHT,
              request,
              () ->
                  stub(
                          ClusterMetadataActivities.class,
                          CrawlActivityPolicies.PREFLIGHT,
                          queue,
                          remote)
                      .preflight(context),
              p ->
                  PhaseResult.of(
                      Phases.PREFLIGHT,
                      Map.of("brokers", (long) p.brokerCount()),
                      Map.of(),
                      p.warnings()));
      if (preflight.hostTaskQueue() != null) {
        // The worker keeps artifacts on its own disk: the rest of the crawl runs on that host.
        activityQueue = preflight.hostTaskQueue();
        pinnedToHost = true;
      }
      String crawlQueue = activityQueue;
      boolean checkStart = remote || pinnedToHost;
      ClusterMetadataActivities cluster =
          stub(
              ClusterMetadataActivities.class,
              CrawlActivityPolicies.TOPICS,
              crawlQueue,
              checkStart);
      PhaseResult topics =
          required(Phases.TOPICS, request, () -> cluster.crawlTopics(context), r -> r);
      ArtifactRef topicsRef = topics.artifact(ArtifactKinds.TOPICS);

      ClusterMetadataActivities configsStub =
          stub(
              ClusterMetadataActivities.class,
              CrawlActivityPolicies.TOPIC_CONFIGS,
              crawlQueue,
              checkStart);
      ClusterMetadataActivities brokersStub =
          stub(
              ClusterMetadataActivities.class,
              CrawlActivityPolicies.BROKERS,
              crawlQueue,
              checkStart);
      ClusterMetadataActivities groupsStub =
          stub(
              ClusterMetadataActivities.class,
              CrawlActivityPolicies.CONSUMER_GROUPS,
              crawlQueue,
              checkStart);
      Map<String, Promise<PhaseResult>> parallel = new LinkedHashMap<>();
      parallel.put(
          Phases.TOPIC_CONFIGS,
          start(Phases.TOPIC_CONFIGS, () -> configsStub.crawlTopicConfigs(context, topicsRef)));
      parallel.put(Phases.BROKERS, start(Phases.BROKERS, () -> brokersStub.crawlBrokers(context)));
      parallel.put(
          Phases.CONSUMER_GROUPS,
          start(Phases.CONSUMER_GROUPS, () -> groupsStub.crawlConsumerGroups(context, topicsRef)));
      if (request.schemaRegistry() != null) {
        SchemaRegistryActivities schemas =
            stub(
                SchemaRegistryActivities.class,
                CrawlActivityPolicies.SCHEMAS,
                crawlQueue,
                checkStart);
        parallel.put(
            Phases.SCHEMAS, start(Phases.SCHEMAS, () -> schemas.crawlSchemas(context, topicsRef)));
      } else {
        record(Phases.SCHEMAS, PhaseStatus.SKIPPED, 0, null, "no schemaRegistry in the request");
      }

      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(topics.artifacts());
      for (Map.Entry<String, Promise<PhaseResult>> e : parallel.entrySet()) {
        PhaseResult result = optional(e.getKey(), request, e.getValue());
        if (result != null) {
          artifacts.putAll(result.artifacts());
        }
      }

      // Publish needs no cluster connection: close the Admin client while the catalog is written
      // instead of after it (a version marker keeps histories of older runs replayable).
      if (Workflow.getVersion(RELEASE_BEFORE_PUBLISH, Workflow.DEFAULT_VERSION, 1) == 1) {
        startRelease(context, crawlQueue, checkStart);
      }
      CatalogPublishActivities publisher =
          stub(
              CatalogPublishActivities.class,
              CrawlActivityPolicies.PUBLISH,
              crawlQueue,
              checkStart);
      List<PhaseSummary> sofar = List.copyOf(phases);
      PhaseResult published =
          required(
              Phases.PUBLISH,
              request,
              () -> publisher.publish(new PublishRequest(context, preflight, artifacts, sofar)),
              r -> r);
      ArtifactRef output = published.artifact(ArtifactKinds.OUTPUT);
      return summary(request, preflight.clusterId(), output == null ? null : output.key(), started);
    } finally {
      if (earlyRelease != null) {
        awaitRelease(earlyRelease);
      } else {
        release(context, activityQueue, remote || pinnedToHost);
      }
    }
  }

  private static Validated validate(JsonNode json) {
    try {
      return new Validated(CrawlRequestParser.parse(json), null);
    } catch (InvalidRequestException e) {
      return new Validated(null, e.getMessage());
    }
  }

  @Override
  public List<PhaseSummary> progress() {
    List<PhaseSummary> all = new ArrayList<>(phases);
    running
        .keySet()
        .forEach(
            p ->
                all.add(
                    new PhaseSummary(
                        p, PhaseStatus.RUNNING, 0, Map.of(), List.of(), 0, List.of(), null)));
    return all;
  }

  private <T> T required(
      String phase,
      CrawlRequest request,
      Supplier<T> call,
      java.util.function.Function<T, PhaseResult> asResult) {
    long t0 = Workflow.currentTimeMillis();
    running.put(phase, t0);
    try {
      T value = call.get();
      running.remove(phase);
      record(phase, asResult.apply(value), Workflow.currentTimeMillis() - t0);
      return value;
    } catch (ActivityFailure f) {
      running.remove(phase);
      ApplicationFailure failure = explain(phase, request, f);
      record(
          phase,
          PhaseStatus.FAILED,
          Workflow.currentTimeMillis() - t0,
          null,
          failure.getOriginalMessage());
      throw failure;
    }
  }

  private Promise<PhaseResult> start(String phase, Supplier<PhaseResult> call) {
    running.put(phase, Workflow.currentTimeMillis());
    Promise<PhaseResult> promise = Async.function(call::get);
    // Parallel phases are awaited in order: take each one's end when it completes, not when read.
    promise.handle(
        (result, failure) -> {
          finishedAt.put(phase, Workflow.currentTimeMillis());
          return null;
        });
    return promise;
  }

  /** Waits for a parallel phase; returns null (and records why) when it degraded to nothing. */
  private PhaseResult optional(String phase, CrawlRequest request, Promise<PhaseResult> promise) {
    long t0 = running.get(phase);
    try {
      PhaseResult result = promise.get();
      running.remove(phase);
      record(phase, result, finishedAt.getOrDefault(phase, Workflow.currentTimeMillis()) - t0);
      return result;
    } catch (ActivityFailure f) {
      running.remove(phase);
      ApplicationFailure failure = explain(phase, request, f);
      String type = failure.getType();
      boolean degrade =
          phase.equals(Phases.SCHEMAS) || FailureType.NOT_AUTHORIZED.name().equals(type);
      record(
          phase,
          PhaseStatus.FAILED,
          finishedAt.getOrDefault(phase, Workflow.currentTimeMillis()) - t0,
          null,
          failure.getOriginalMessage());
      if (!degrade) {
        throw failure;
      }
      log.warn(
          "phase {} failed, the crawl goes on without it: {}", phase, failure.getOriginalMessage());
      return null;
    }
  }

  /** The failure the crawl reports: the activity's type, a message naming the phase. */
  ApplicationFailure explain(String phase, CrawlRequest request, ActivityFailure f) {
    Throwable cause = f.getCause();
    // Nobody polls the queue: a release scheduled there would only wait out another timeout.
    queueUnpolled |=
        cause instanceof TimeoutFailure timeout
            && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
    if (cause instanceof TimeoutFailure t
        && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
        && request.runtimeId() != null) {
      return FailureType.RUNTIME_OFFLINE.failure(
          "self-deployed runtime '"
              + request.runtimeId()
              + "' did not pick up the "
              + phase
              + " phase within "
              + CrawlActivityPolicies.RUNTIME_SCHEDULE_TO_START.toSeconds()
              + "s: no worker is polling task queue "
              + TaskQueues.runtime(request.runtimeId())
              + ". Start the runtime or check its outbound connection to Temporal.");
    }
    if (cause instanceof TimeoutFailure t
        && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
      return FailureType.TRANSIENT.failure(
          "the worker host that holds this crawl's artifacts stopped polling before the "
              + phase
              + " phase started. Restart the worker on that host (same KCRAWLER_HOST_ID) and run"
              + " the crawl again, or give the workers a shared (S3) artifact store.");
    }
    if (cause instanceof ApplicationFailure af) {
      return ApplicationFailure.newNonRetryableFailureWithCause(
          phase + " phase failed: " + af.getOriginalMessage(), af.getType(), af);
    }
    String detail = cause == null ? f.getMessage() : cause.getMessage();
    // A timeout means the system the phase talks to did not answer in time: name that system.
    String type;
    String talksTo;
    if (phase.equals(Phases.SCHEMAS)) {
      type = FailureType.SCHEMA_REGISTRY_UNAVAILABLE.name();
      talksTo = "Schema Registry " + request.schemaRegistry().url();
    } else if (phase.equals(Phases.PUBLISH)) {
      type = FailureType.CATALOG_UNAVAILABLE.name();
      talksTo = "the catalog";
    } else {
      type = FailureType.CLUSTER_UNREACHABLE.name();
      talksTo = "brokers " + request.bootstrapServers();
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(
        phase + " phase failed after its retries (" + talksTo + "): " + detail,
        cause instanceof TimeoutFailure ? type : FailureType.TRANSIENT.name(),
        f);
  }

  private void record(String phase, PhaseResult r, long durationMs) {
    phases.add(
        new PhaseSummary(
            phase,
            PhaseStatus.of(r),
            durationMs,
            r.counts(),
            r.warnings(),
            r.totalWarnings(),
            r.denied(),
            null,
            r.notes()));
  }

  private void record(
      String phase, PhaseStatus status, long durationMs, PhaseResult r, String error) {
    phases.add(
        new PhaseSummary(phase, status, durationMs, Map.of(), List.of(), 0, List.of(), error));
  }

  private CrawlSummary summary(
      CrawlRequest request, String clusterId, String output, long started) {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (PhaseSummary p : phases) {
      if (!p.phase().equals(Phases.PREFLIGHT)) {
        p.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
      }
      p.warnings().forEach(w -> warnings.add(p.phase() + ": " + w));
      p.denied().forEach(d -> warnings.add(p.phase() + ": denied " + d));
      if (p.error() != null && p.status() != PhaseStatus.SKIPPED) {
        warnings.add(p.phase() + ": " + p.error());
      }
    }
    return new CrawlSummary(
        request.connectionId(),
        clusterId,
        CrawlStatus.of(phases),
        counts,
        List.copyOf(phases),
        PhaseResult.capped(warnings),
        output,
        Workflow.currentTimeMillis() - started);
  }

  /** Starts the Admin client release without waiting for it; sets {@link #earlyRelease}. */
  private void startRelease(CrawlContext context, String queue, boolean remote) {
    if (queueUnpolled) {
      return;
    }
    ClusterMetadataActivities cluster =
        stub(ClusterMetadataActivities.class, CrawlActivityPolicies.RELEASE, queue, remote);
    // Detached: runs to the end even when the crawl is cancelled meanwhile.
    Workflow.newDetachedCancellationScope(
            () -> earlyRelease = Async.procedure(cluster::releaseConnection, context))
        .run();
  }

  private static void awaitRelease(Promise<Void> release) {
    try {
      release.get();
    } catch (ActivityFailure e) {
      log.warn("could not release the Admin client; its idle timeout will: {}", e.getMessage());
    }
  }

  private void release(CrawlContext context, String queue, boolean remote) {
    if (queueUnpolled) {
      return; // nobody polls that queue: the release would only wait out another timeout
    }
    try {
      // Runs even when the crawl was cancelled: a detached scope is not cancelled with it.
      Workflow.newDetachedCancellationScope(
              () ->
                  stub(
                          ClusterMetadataActivities.class,
                          CrawlActivityPolicies.RELEASE,
                          queue,
                          remote)
                      .releaseConnection(context))
          .run();
    } catch (ActivityFailure e) {
      log.warn("could not release the Admin client; its idle timeout will: {}", e.getMessage());
    }
  }

  private static <T> T stub(
      Class<T> type, CrawlActivityPolicies policy, String queue, boolean remote) {
    return Workflow.newActivityStub(type, policy.options(queue, remote));
  }
}
