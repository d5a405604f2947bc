package io.kcrawler.devmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.secrets.SecretResolvers;
import io.kcrawler.activities.secrets.SecretStoreConfig;
import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.DemoSchemas;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.kcrawler.worker.observability.CrawlActivityInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one JVM, with only Java and Maven: Temporal's own test server, an embedded KRaft
 * broker seeded with {@link DemoData} (unless an existing cluster is given), a worker, and one
 * crawl started the way the Temporal UI starts it.
 */
public final class DevMode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevMode.class);

  /** Temporal's usual port; dev mode falls back to a free one when it is taken. */
  static final int TEMPORAL_PORT = 7233;

  private final Options options;
  private TestServer.PortBoundTestServer temporal;
  private EmbeddedKafkaCluster kafka;
  private DemoData demo;
  private SchemaRegistryContractServer registry;
  private WorkflowServiceStubs service;
  private CrawlerWorker worker;
  private int temporalPort;

  /** What to crawl and where to put it. */
  public record Options(
      String connectionId,
      String bootstrapServers,
      CrawlRequest security,
      SchemaRegistryConfig schemaRegistry,
      Path outputDir,
      Path artifactDir) {

    public Options(
        String connectionId,
        String bootstrapServers,
        CrawlRequest security,
        Path outputDir,
        Path artifactDir) {
      this(connectionId, bootstrapServers, security, null, outputDir, artifactDir);
    }
  }

  public DevMode(Options options) {
    this.options = options;
  }

  /** Starts everything, runs one crawl and returns its summary. */
  public CrawlSummary run() throws Exception {
    temporalPort = portOr(TEMPORAL_PORT);
    temporal = TestServer.createPortBoundServer(temporalPort, true);
    log.info("Temporal test server on 127.0.0.1:{}", temporalPort);
    String bootstrap = options.bootstrapServers();
    if (bootstrap == null) {
      kafka = EmbeddedKafkaCluster.builder().start();
      demo = new DemoData();
      DemoData.Dataset dataset = demo.seed(kafka.adminClientProperties());
      bootstrap = kafka.bootstrapServers();
      if (options.schemaRegistry() == null) {
        registry = SchemaRegistryContractServer.start();
        DemoSchemas.seed(registry);
        log.info(
            "Schema Registry stand-in on {} with {} subjects",
            registry.url(),
            DemoSchemas.SUBJECTS.size());
      }
      log.info(
          "embedded Kafka on {} seeded with {} topics and {} consumer groups",
          bootstrap,
          dataset.topics().size(),
          dataset.groups().size());
    }
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    WorkerConfig config =
        devAdmins(
            WorkerConfig.fromEnv(System.getenv())
                .withTemporalAddress("127.0.0.1:" + temporalPort)
                .withDirs(options.artifactDir(), options.outputDir()));
    Map<String, String> env = System.getenv();
    worker =
        CrawlerWorker.onClient(
            config,
            client,
            SecretResolvers.fromConfig(SecretStoreConfig.fromEnv(env), env),
            // Dev mode's activity log lines carry the crawl's MDC too.
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(CrawlActivityInterceptor.logContextOnly())
                .build());
    worker.start();

    CrawlRequest request = request(options, bootstrap, registry == null ? null : registry.url());
    // Sent as a JSON tree, exactly what the UI's Start Workflow form sends.
    JsonNode json = Json.mapper().valueToTree(request);
    log.info("starting crawl of {} ({})", options.connectionId(), bootstrap);
    return CrawlStarter.await(new CrawlStarter(client).start(json));
  }

  /**
   * The crawl dev mode starts: the given or embedded cluster, and the given registry, else the
   * stand-in at {@code standInUrl} (null when there is none).
   */
  static CrawlRequest request(Options options, String bootstrap, String standInUrl) {
    CrawlRequest base = options.security();
    CrawlRequest request =
        (base == null ? CrawlRequest.of(options.connectionId(), bootstrap) : base)
            .withOutputLocation(options.outputDir().toAbsolutePath().toString());
    SchemaRegistryConfig registry = options.schemaRegistry();
    if (registry == null && standInUrl != null) {
      registry = SchemaRegistryConfig.unauthenticated(standInUrl);
    }
    return request.toBuilder()
        .connectionId(options.connectionId())
        .bootstrapServers(bootstrap)
        .schemaRegistry(registry == null ? request.schemaRegistry() : registry)
        .runtimeId(null)
        .build();
  }

  public int temporalPort() {
    return temporalPort;
  }

  /** The crawled cluster: the embedded broker's address, or the one given. */
  public String bootstrapServers() {
    return kafka != null ? kafka.bootstrapServers() : options.bootstrapServers();
  }

  private static int portOr(int preferred) throws IOException {
    try (ServerSocket s = new ServerSocket(preferred)) {
      s.setReuseAddress(true);
      return preferred;
    } catch (IOException taken) {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    if (service != null) {
      service.shutdownNow();
    }
    if (demo != null) {
      demo.stopMembers();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  /**
   * Atlan refuses a Connection without an admin, so the Connection in dev mode's catalog output
   * names the local user unless the environment names admins.
   */
  static WorkerConfig devAdmins(WorkerConfig config) {
    if (!config.catalog().admins().isEmpty()) {
      return config;
    }
    return config.withCatalog(
        config
            .catalog()
            .withAdmins(
                new CatalogSinkConfig.ConnectionAdmins(
                    List.of(System.getProperty("user.name", "admin")), null, null)));
  }
}
