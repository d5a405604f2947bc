package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.boundary.PhaseProgress;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.ClusterMetadataActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One embedded broker for the Kafka phase tests of the JVM, seeded once with {@link #TOPICS} topics
 * (some with non-default configs, some with records) and {@link #GROUPS} consumer groups with
 * committed offsets but no members, so every crawl of it gives the same artifacts. Runs a phase
 * through Temporal's activity test environment, as a worker would, against the test's own store.
 */
final class KafkaPhaseFixture {
  static final int TOPICS = 17;
  static final int GROUPS = 11;
  static final int PARTITIONS = 2;
  static final ObjectMapper MAPPER = Json.mapper();

  /** The batches of the tests: several per phase without a large cluster. */
  static final int TOPICS_BATCH = 4;

  static final int CONFIGS_BATCH = 3;
  static final int GROUPS_BATCH = 3;

  /** As in production: no phase of these tests lasts 10 s, so none checkpoints. */
  static final Chunking UNINTERRUPTED =
      new Chunking(TOPICS_BATCH, CONFIGS_BATCH, GROUPS_BATCH, KafkaLimits.CHECKPOINT_INTERVAL);

  /** A checkpoint after every batch. */
  static final Chunking EVERY_BATCH =
      new Chunking(TOPICS_BATCH, CONFIGS_BATCH, GROUPS_BATCH, Duration.ZERO);

  private static EmbeddedKafkaCluster cluster;
  private static Admin admin;

  private KafkaPhaseFixture() {}

  static synchronized EmbeddedKafkaCluster cluster() {
    if (cluster == null) {
      EmbeddedKafkaCluster started = EmbeddedKafkaCluster.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      try {
        seed(started);
      } catch (Exception e) {
        throw new IllegalStateException("seeding the test cluster failed", e);
      }
      admin = Admin.create(started.adminClientProperties());
      cluster = started;
    }
    return cluster;
  }

  /** An Admin client of the shared cluster, for attempts run directly on a crawler. */
  static synchronized Admin admin() {
    cluster();
    return admin;
  }

  static String topic(int i) {
    return String.format("topic-%02d", i);
  }

  static String group(int i) {
    return String.format("group-%02d", i);
  }

  private static void seed(EmbeddedKafkaCluster cluster) throws Exception {
    Properties props = cluster.adminClientProperties();
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 0; i < TOPICS; i++) {
      Map<String, String> configs = new HashMap<>();
      if (i % 3 == 0) {
        configs.put("retention.ms", String.valueOf(3_600_000L * (i + 1)));
      }
      if (i % 4 == 1) {
        configs.put("cleanup.policy", "compact");
      }
      topics.add(new NewTopic(topic(i), PARTITIONS, (short) 1).configs(configs));
    }
    cluster.createTopics(topics, Duration.ofSeconds(60));
    Properties producerProps = new Properties();
    producerProps.putAll(props);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 6; i++) {
        for (int p = 0; p < PARTITIONS; p++) {
          for (int r = 0; r < 5 + i; r++) {
            producer.send(new ProducerRecord<>(topic(i), p, "k" + r, "v" + r));
          }
        }
      }
      producer.flush();
    }
    try (Admin seeder = Admin.create(props)) {
      for (int g = 0; g < GROUPS; g++) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int t = g % 6; t < 6; t += 2) {
          offsets.put(new TopicPartition(topic(t), g % PARTITIONS), new OffsetAndMetadata(g % 5));
        }
        seeder.alterConsumerGroupOffsets(group(g), offsets).all().get();
      }
    }
  }

  /** The context of every crawl in these tests: the same keys in each test's own store. */
  static CrawlContext context() {
    CrawlRequest request = CrawlRequest.of("conn", cluster().bootstrapServers());
    return new CrawlContext("wf", "run", request, CrawlContext.prefixFor("conn", "run-1"));
  }

  /** What one attempt through the activity returned and heartbeated. */
  record Attempt(PhaseResult result, List<ProgressDetails> heartbeats) {}

  /**
   * Runs {@code phase} once through the activity on {@code store}, as a retry given {@code details}
   * when they are not null.
   */
  static Attempt throughActivity(
      ArtifactStore store,
      Chunking chunking,
      ProgressDetails details,
      Function<ClusterMetadataActivities, PhaseResult> phase) {
    cluster();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    List<ProgressDetails> heartbeats = new CopyOnWriteArrayList<>();
    try (AdminClientPool pool = new AdminClientPool()) {
      env.registerActivitiesImplementations(
          new ClusterMetadataActivitiesImpl(
              pool, store, new EnvFileSecretResolver(Map.of()), MAPPER, null, chunking));
      env.setActivityHeartbeatListener(ProgressDetails.class, heartbeats::add);
      if (details != null) {
        env.setHeartbeatDetails(details);
      }
      ClusterMetadataActivities activities =
          env.newActivityStub(
              ClusterMetadataActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(2))
                  // The SDK throttles heartbeats to 0.8 x this timeout: 1 ms lets them through.
                  .setHeartbeatTimeout(Duration.ofMillis(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      return new Attempt(phase.apply(activities), heartbeats);
    } finally {
      env.close();
    }
  }

  /**
   * A first attempt's progress: keeps what it would have heartbeated and kills the attempt once
   * {@code batches} batches are done, as a crash or a failed Admin call would.
   */
  static final class DyingProgress implements PhaseProgress {
    private final String phase;
    private final int batches;
    final List<ProgressDetails> reported = new ArrayList<>();

    DyingProgress(String phase, int batches) {
      this.phase = phase;
      this.batches = batches;
    }

    @Override
    public void report(
        long done, long total, int completedBatches, ProgressDetails.Checkpoint checkpoint) {
      reported.add(new ProgressDetails(phase, done, total, completedBatches, checkpoint));
      if (completedBatches == batches) {
        throw new AttemptDied();
      }
    }

    ProgressDetails last() {
      return reported.get(reported.size() - 1);
    }
  }

  static final class AttemptDied extends RuntimeException {
    AttemptDied() {
      super("the attempt died");
    }
  }

  /**
   * Requests of {@code api} (e.g. DescribeConfigs) the broker has answered, from its own request
   * metrics. The broker counts a request just after answering it, so this waits until the count
   * stops moving.
   */
  static long brokerRequests(String api) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pattern =
        new ObjectName(
            "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + api + ",*");
    long previous = -1;
    while (true) {
      long n = 0;
      for (ObjectName name : server.queryNames(pattern, null)) {
        n += ((Number) server.getAttribute(name, "Count")).longValue();
      }
      if (n == previous) {
        return n;
      }
      previous = n;
      Thread.sleep(100);
    }
  }

  static byte[] bytes(ArtifactStore store, String key) throws IOException {
    try (InputStream in = store.openRead(key)) {
      return in.readAllBytes();
    }
  }

  /** Keys of the store under the run that are parts of a chunked artifact. */
  static List<String> parts(ArtifactStore store) throws IOException {
    return store.list(context().artifactPrefix()).stream()
        .filter(k -> k.contains(".part-"))
        .toList();
  }
}
