package io.kcrawler.worker;

import com.uber.m3.tally.Scope;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.artifacts.S3ArtifactStore;
import io.kcrawler.activities.catalog.CatalogPublishActivitiesImpl;
import io.kcrawler.activities.export.PublishActivitiesImpl;
import io.kcrawler.activities.kafka.AdminClientPool;
import io.kcrawler.activities.kafka.ClusterMetadataActivitiesImpl;
import io.kcrawler.activities.schemaregistry.SchemaRegistryActivitiesImpl;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.activities.secrets.SecretResolvers;
import io.kcrawler.activities.secrets.SecretStoreConfig;
import io.kcrawler.model.Json;
import io.kcrawler.model.TaskQueues;
import io.kcrawler.worker.codec.CodecDataConverters;
import io.kcrawler.worker.temporal.TemporalConnection;
import io.kcrawler.workflow.KafkaCrawlWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a worker: in SaaS mode the workflow and the direct-connectivity activities on {@link
 * TaskQueues#CRAWLER}; in SDR mode only the activities, on the runtime's own queue, so the cluster,
 * the registry and the secret store are reached from inside the customer's network.
 */
public final class CrawlerWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrawlerWorker.class);

  /** Workflow tasks are short and CPU-bound: a few at once is plenty. */
  private static final int WORKFLOW_TASK_SLOTS = 10;

  /** The crawler uses no local activities or Nexus operations. */
  private static final int LOCAL_ACTIVITY_SLOTS = 1;

  private static final int NEXUS_SLOTS = 1;

  private final WorkerConfig config;
  private final WorkflowServiceStubs service;
  private final WorkerFactory factory;
  private final AdminClientPool adminClients = new AdminClientPool();

  private CrawlerWorker(
      WorkerConfig config,
      WorkflowServiceStubs service,
      WorkflowClient client,
      SecretResolver secrets,
      WorkerFactoryOptions factoryOptions) {
    this.config = config;
    this.service = service;
    this.factory = WorkerFactory.newInstance(client, factoryOptions);
    register(secrets);
  }

  /**
   * A worker on {@code connection} (TLS, API key), with interceptors and the scope the SDK reports
   * its metrics to ({@code null}: none). Credentials resolve through the secret stores configured
   * in the environment, and payloads are encrypted when codec keys are configured there.
   */
  public static CrawlerWorker connect(
      WorkerConfig config,
      TemporalConnection connection,
      WorkerFactoryOptions factoryOptions,
      Scope metricsScope) {
    Map<String, String> env = System.getenv();
    SecretResolver secrets = SecretResolvers.fromConfig(SecretStoreConfig.fromEnv(env), env);
    WorkflowServiceStubs service = connection.newServiceStubs(metricsScope);
    return new CrawlerWorker(
        config,
        service,
        connection.newClient(service, CodecDataConverters.fromEnv(env, secrets)),
        secrets,
        factoryOptions);
  }

  /** A worker on an existing client (tests, dev mode); the caller owns the client. */
  public static CrawlerWorker onClient(
      WorkerConfig config, WorkflowClient client, SecretResolver secrets) {
    return onClient(config, client, secrets, WorkerFactoryOptions.getDefaultInstance());
  }

  /** As {@link #onClient(WorkerConfig, WorkflowClient, SecretResolver)}, with interceptors. */
  public static CrawlerWorker onClient(
      WorkerConfig config,
      WorkflowClient client,
      SecretResolver secrets,
      WorkerFactoryOptions factoryOptions) {
    return new CrawlerWorker(config, null, client, secrets, factoryOptions);
  }

  /** The queues this worker polls. */
  public List<String> taskQueues() {
    List<String> queues = new ArrayList<>();
    if (config.mode() == WorkerConfig.Mode.SAAS) {
      queues.add(TaskQueues.CRAWLER);
    } else {
      queues.add(TaskQueues.runtime(config.runtimeId()));
    }
    return queues;
  }

  private void register(SecretResolver secrets) {
    String queue = taskQueues().get(0);
    ArtifactStore store =
        config.s3() == null
            ? new LocalArtifactStore(config.artifactDir())
            : S3ArtifactStore.create(config.s3(), null);
    // A local store is visible to this host only: the crawl's later activities come to this
    // host's own queue. The two queues split the activity limit (preflights take one slot, the
    // host queue the rest), so together they never run more than the limit. They cannot share
    // one slot pool: an idle poller holds a slot while it long-polls, which starves the other.
    String hostQueue = config.s3() == null ? TaskQueues.host(queue, config.hostId()) : null;
    int limit = config.maxConcurrentActivities();
    int sharedSlots = hostQueue == null || limit < 2 ? limit : 1;
    WorkerOptions options = options(sharedSlots);
    Worker worker = factory.newWorker(queue, options);
    if (config.mode() == WorkerConfig.Mode.SAAS) {
      worker.registerWorkflowImplementationTypes(KafkaCrawlWorkflowImpl.class);
    }
    Object[] activities = {
      new ClusterMetadataActivitiesImpl(adminClients, store, secrets, Json.mapper(), hostQueue),
      new SchemaRegistryActivitiesImpl(store, secrets, Json.mapper()),
      new PublishActivitiesImpl(
          store,
          Json.mapper(),
          CatalogPublishActivitiesImpl.fromConfig(store, config.catalog(), secrets, Json.mapper()),
          config.outputDir())
    };
    worker.registerActivitiesImplementations(activities);
    if (hostQueue != null) {
      factory
          .newWorker(hostQueue, options(Math.max(1, limit - sharedSlots)))
          .registerActivitiesImplementations(activities);
    }
    log.info(
        "worker ready: mode={} queue={} hostQueue={} maxConcurrentActivities={} artifacts={}",
        config.mode(),
        queue,
        hostQueue,
        config.maxConcurrentActivities(),
        config.s3() == null
            ? config.artifactDir().toAbsolutePath()
            : "s3://" + config.s3().bucket());
  }

  private static WorkerOptions options(int activitySlots) {
    return WorkerOptions.newBuilder()
        .setWorkerTuner(
            new CompositeTuner(
                new FixedSizeSlotSupplier<>(WORKFLOW_TASK_SLOTS),
                new FixedSizeSlotSupplier<>(activitySlots),
                new FixedSizeSlotSupplier<>(LOCAL_ACTIVITY_SLOTS),
                new FixedSizeSlotSupplier<>(NEXUS_SLOTS)))
        .build();
  }

  public void start() {
    factory.start();
  }

  /**
   * Started, not shutting down, no queue's polling suspended, and Temporal's frontend answers its
   * health check (pollers against an unreachable server only retry): what readiness reports.
   */
  public boolean isPolling() {
    if (!factory.isStarted() || factory.isShutdown()) {
      return false;
    }
    boolean polling =
        taskQueues().stream().map(factory::getWorker).allMatch(w -> w != null && !w.isSuspended());
    return polling && temporalServing();
  }

  private boolean temporalServing() {
    try {
      return factory.getWorkflowClient().getWorkflowServiceStubs().healthCheck().getStatus()
          == io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;
    } catch (RuntimeException unreachable) {
      return false;
    }
  }

  /** Stops polling, lets running activities finish (bounded), closes Kafka clients. */
  @Override
  public void close() {
    try {
      factory.shutdown();
      factory.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      // The SDK tells the server the worker is leaving; an unreachable server must not stop the
      // rest of the shutdown.
      log.warn("worker shutdown: {}", e.getMessage());
    }
    adminClients.close();
    if (service != null) {
      service.shutdown();
      service.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then shuts down gracefully. */
  public void runUntilShutdown() throws InterruptedException {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: finishing running activities");
                  close();
                  stopped.countDown();
                },
                "worker-shutdown"));
    start();
    stopped.await();
  }
}
