package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.boundary.ActivityBoundary;
import io.kcrawler.activities.boundary.ActivityProgress;
import io.kcrawler.activities.confluentcloud.ConfluentMetricsApi;
import io.kcrawler.activities.confluentcloud.TopicMetrics;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.ConfluentCloudConfig;
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
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-facing activities. Each one leases the connection's shared Admin client, delegates to
 * the class for its Kafka resource, and runs through the {@link ActivityBoundary}, which heartbeats
 * and classifies what goes wrong. A crawl with a {@code confluentCloud} block also reads topic
 * sizes and traffic from Confluent Cloud's Metrics API, with the client settings given here.
 */
public final class ClusterMetadataActivitiesImpl implements ClusterMetadataActivities {
  private static final Logger log = LoggerFactory.getLogger(ClusterMetadataActivitiesImpl.class);

  private final AdminClientPool pool;
  private final ArtifactStore store;
  private final SecretResolver secrets;
  private final ObjectMapper mapper;
  private final String hostTaskQueue;
  private final Chunking chunking;
  private final ConfluentMetricsApi.Settings metricsSettings;
  private final Clock clock;
  private HttpClient metricsHttp;

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
    this(pool, store, secrets, mapper, hostTaskQueue, ConfluentMetricsApi.Settings.defaults());
  }

  /**
   * With tuning of the Metrics API client (retries, backoff, page size): tests use it; a worker
   * runs with {@link ConfluentMetricsApi.Settings#defaults()}.
   */
  public ClusterMetadataActivitiesImpl(
      AdminClientPool pool,
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      String hostTaskQueue,
      ConfluentMetricsApi.Settings metricsSettings) {
    this(
        pool,
        store,
        secrets,
        mapper,
        hostTaskQueue,
        Chunking.DEFAULT,
        metricsSettings,
        Clock.systemUTC());
  }

  ClusterMetadataActivitiesImpl(
      AdminClientPool pool,
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      String hostTaskQueue,
      Chunking chunking) {
    this(
        pool,
        store,
        secrets,
        mapper,
        hostTaskQueue,
        chunking,
        ConfluentMetricsApi.Settings.defaults(),
        Clock.systemUTC());
  }

  ClusterMetadataActivitiesImpl(
      AdminClientPool pool,
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      String hostTaskQueue,
      Chunking chunking,
      ConfluentMetricsApi.Settings metricsSettings,
      Clock clock) {
    this.pool = pool;
    this.store = store;
    this.secrets = secrets;
    this.mapper = mapper;
    this.hostTaskQueue = hostTaskQueue;
    this.chunking = chunking;
    this.metricsSettings = metricsSettings;
    this.clock = clock;
  }

  @FunctionalInterface
  private interface AdminCall<T> {
    T apply(Admin admin, ActivityProgress progress) throws Exception;
  }

  @Override
  public PreflightResult preflight(CrawlContext context) {
    return checkCluster(context).pinnedTo(hostTaskQueue);
  }

  private PreflightResult checkCluster(CrawlContext context) {
    try {
      return withAdmin(context, Phases.PREFLIGHT, (admin, p) -> preflight(admin, context).run());
    } catch (ApplicationFailure f) {
      if (!FailureType.AUTH_FAILED.name().equals(f.getType()) || !rotated(context.request())) {
        throw f;
      }
      // The secret changed since it was cached (rotation): one more try with the new value.
      log.info(
          "credentials of connection {} were rotated; retrying preflight once",
          context.connectionId());
      return withAdmin(context, Phases.PREFLIGHT, (admin, p) -> preflight(admin, context).run());
    }
  }

  private static ClusterPreflight preflight(Admin admin, CrawlContext context) {
    return new ClusterPreflight(admin, context.request().confluentCloud() != null);
  }

  @Override
  public PhaseResult crawlTopics(CrawlContext context) {
    return withAdmin(
        context,
        Phases.TOPICS,
        (admin, progress) ->
            new TopicsCrawler(admin, store, mapper, chunking)
                .crawl(context, progress, resume(progress)));
  }

  @Override
  public PhaseResult crawlTopicConfigs(CrawlContext context, ArtifactRef topics) {
    return withAdmin(
        context,
        Phases.TOPIC_CONFIGS,
        (admin, progress) ->
            new TopicConfigsCrawler(admin, store, mapper, chunking)
                .crawl(context, topics, progress, resume(progress)));
  }

  @Override
  public PhaseResult crawlBrokers(CrawlContext context) {
    return withAdmin(
        context,
        Phases.BROKERS,
        (admin, progress) -> new BrokersCrawler(admin, store, mapper).crawl(context));
  }

  @Override
  public PhaseResult crawlConsumerGroups(CrawlContext context, ArtifactRef topics) {
    return withAdmin(
        context,
        Phases.CONSUMER_GROUPS,
        (admin, progress) ->
            new ConsumerGroupsCrawler(
                    admin, store, mapper, chunking, topicMetrics(context.request(), progress))
                .crawl(context, topics, progress, resume(progress)));
  }

  /** The Metrics API reader of a crawl with a {@code confluentCloud} block, else null. */
  private TopicMetrics topicMetrics(CrawlRequest request, ActivityProgress progress) {
    ConfluentCloudConfig cloud = request.confluentCloud();
    return cloud == null
        ? null
        : new TopicMetrics(
            cloud, secrets, metricsHttp(), metricsSettings, mapper, progress::keepAlive, clock);
  }

  /** One keep-alive client for the Metrics API, shared by this worker's crawls. */
  private synchronized HttpClient metricsHttp() {
    if (metricsHttp == null) {
      metricsHttp = ConfluentMetricsApi.newHttpClient();
    }
    return metricsHttp;
  }

  @Override
  public void releaseConnection(CrawlContext context) {
    pool.release(context.connectionId());
  }

  /** Runs {@code call} with the connection's shared Admin client, through the boundary. */
  private <T> T withAdmin(CrawlContext context, String phase, AdminCall<T> call) {
    CrawlRequest request = context.request();
    AdminClientPool.Lease[] leased = {null};
    return ActivityBoundary.run(
        phase,
        request,
        progress -> {
          Properties props = KafkaClientProperties.forRequest(request, secrets);
          try (AdminClientPool.Lease lease = pool.lease(context.connectionId(), props)) {
            leased[0] = lease;
            return call.apply(lease.admin(), progress);
          }
        },
        (type, cause) -> {
          if (type == FailureType.AUTH_FAILED && leased[0] != null) {
            // A client with rejected credentials keeps reconnecting in the background: drop it.
            leased[0].discard();
          }
        });
  }

  /** Re-resolves the connection's secrets; true if any value changed since it was cached. */
  private boolean rotated(CrawlRequest request) {
    SecurityConfig s = request.securityOrDefault();
    if (!s.usesSasl() || s.usesAwsIam()) {
      // AWS_MSK_IAM has no secret of ours: the AWS SDK refreshes its own credentials.
      return false;
    }
    // OAUTHBEARER's secret is the OAuth client's; the others sign in with a password.
    String ref = s.usesOAuthBearer() ? s.oauth().clientSecretRef() : s.passwordRef();
    if (ref == null) {
      return false;
    }
    String before = secrets.resolve(ref);
    secrets.invalidate(ref);
    if (s.usernameRef() != null) {
      secrets.invalidate(s.usernameRef());
    }
    return !before.equals(secrets.resolve(ref));
  }

  /** This attempt's number and the checkpoint the previous attempt of the phase reported. */
  private static PhaseResume resume(ActivityProgress progress) {
    Checkpoint checkpoint = progress.previous().map(ProgressDetails::checkpoint).orElse(null);
    return new PhaseResume(progress.attempt(), checkpoint);
  }
}
