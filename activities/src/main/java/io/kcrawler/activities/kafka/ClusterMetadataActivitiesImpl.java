package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.PreflightResult;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-facing activities. Each one leases the connection's shared Admin client, delegates to
 * the class for its Kafka resource, and lets {@link KafkaFailures} classify what goes wrong.
 */
public final class ClusterMetadataActivitiesImpl implements ClusterMetadataActivities {
  private static final Logger log = LoggerFactory.getLogger(ClusterMetadataActivitiesImpl.class);

  private final AdminClientPool pool;
  private final ArtifactStore store;
  private final SecretResolver secrets;
  private final ObjectMapper mapper;
  private final String hostTaskQueue;
  private final Chunking chunking;

  public ClusterMetadataActivitiesImpl(
      AdminClientPool pool, ArtifactStore store, SecretResolver secrets, ObjectMapper mapper) {
    this(pool, store, secrets, mapper, null);
  }

  /**
   * With {@code hostTaskQueue} non-null (a local artifact store), preflight tells the workflow to
   * run the rest of the crawl on this host's own queue.
   */
  public ClusterMetadataActivitiesImpl(
      AdminClientPool pool,
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      String hostTaskQueue) {
    this(pool, store, secrets, mapper, hostTaskQueue, Chunking.DEFAULT);
  }

  ClusterMetadataActivitiesImpl(
      AdminClientPool pool,
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      String hostTaskQueue,
      Chunking chunking) {
    this.pool = pool;
    this.store = store;
    this.secrets = secrets;
    this.mapper = mapper;
    this.hostTaskQueue = hostTaskQueue;
    this.chunking = chunking;
  }

  @FunctionalInterface
  private interface AdminCall<T> {
    T apply(Admin admin) throws Exception;
  }

  @Override
  public PreflightResult preflight(CrawlContext context) {
    return checkCluster(context).pinnedTo(hostTaskQueue);
  }

  private PreflightResult checkCluster(CrawlContext context) {
    try {
      return withAdmin(context, Phases.PREFLIGHT, admin -> new ClusterPreflight(admin).run());
    } catch (ApplicationFailure f) {
      if (!FailureType.AUTH_FAILED.name().equals(f.getType()) || !rotated(context.request())) {
        throw f;
      }
      // The secret changed since it was cached (rotation): one more try with the new value.
      log.info(
          "credentials of connection {} were rotated; retrying preflight once",
          context.connectionId());
      return withAdmin(context, Phases.PREFLIGHT, admin -> new ClusterPreflight(admin).run());
    }
  }

  @Override
  public PhaseResult crawlTopics(CrawlContext context) {
    return withAdmin(
        context,
        Phases.TOPICS,
        admin ->
            new TopicsCrawler(admin, store, mapper, chunking)
                .crawl(context, heartbeat(Phases.TOPICS), resume(Phases.TOPICS)));
  }

  @Override
  public PhaseResult crawlTopicConfigs(CrawlContext context, ArtifactRef topics) {
    return withAdmin(
        context,
        Phases.TOPIC_CONFIGS,
        admin ->
            new TopicConfigsCrawler(admin, store, mapper, chunking)
                .crawl(
                    context,
                    topics,
                    heartbeat(Phases.TOPIC_CONFIGS),
                    resume(Phases.TOPIC_CONFIGS)));
  }

  @Override
  public PhaseResult crawlBrokers(CrawlContext context) {
    return withAdmin(
        context, Phases.BROKERS, admin -> new BrokersCrawler(admin, store, mapper).crawl(context));
  }

  @Override
  public PhaseResult crawlConsumerGroups(CrawlContext context, ArtifactRef topics) {
    return withAdmin(
        context,
        Phases.CONSUMER_GROUPS,
        admin ->
            new ConsumerGroupsCrawler(admin, store, mapper, chunking)
                .crawl(
                    context,
                    topics,
                    heartbeat(Phases.CONSUMER_GROUPS),
                    resume(Phases.CONSUMER_GROUPS)));
  }

  @Override
  public void releaseConnection(CrawlContext context) {
    pool.release(context.connectionId());
  }

  private <T> T withAdmin(CrawlContext context, String phase, AdminCall<T> call) {
    CrawlRequest request = context.request();
    Properties props;
    try {
      props = KafkaClientProperties.forRequest(request, secrets);
    } catch (RuntimeException e) {
      throw KafkaFailures.classify(e, phase, request);
    }
    AdminClientPool.Lease lease = pool.lease(context.connectionId(), props);
    try (lease) {
      return call.apply(lease.admin());
    } catch (Exception e) {
      ApplicationFailure failure = KafkaFailures.classify(e, phase, request);
      if (FailureType.AUTH_FAILED.name().equals(failure.getType())) {
        // A client with rejected credentials keeps reconnecting in the background: drop it.
        lease.discard();
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw failure;
    }
  }

  /** Re-resolves the connection's secrets; true if any value changed since it was cached. */
  private boolean rotated(CrawlRequest request) {
    SecurityConfig s = request.securityOrDefault();
    if (!s.usesSasl()) {
      return false;
    }
    String before = secrets.resolve(s.passwordRef());
    secrets.invalidate(s.passwordRef());
    if (s.usernameRef() != null) {
      secrets.invalidate(s.usernameRef());
    }
    return !before.equals(secrets.resolve(s.passwordRef()));
  }

  private static PhaseProgress heartbeat(String phase) {
    return (done, total, batches, checkpoint) ->
        Activity.getExecutionContext()
            .heartbeat(new ProgressDetails(phase, done, total, batches, checkpoint));
  }

  /** This attempt's number and the checkpoint the previous attempt of {@code phase} reported. */
  private static PhaseResume resume(String phase) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Checkpoint checkpoint = null;
    try {
      checkpoint =
          activity
              .getHeartbeatDetails(ProgressDetails.class)
              .filter(d -> phase.equals(d.phase()))
              .map(ProgressDetails::checkpoint)
              .orElse(null);
    } catch (RuntimeException unreadable) {
      log.warn(
          "heartbeat details of {} are unreadable; starting the phase over", phase, unreadable);
    }
    return new PhaseResume(activity.getInfo().getAttempt(), checkpoint);
  }
}
