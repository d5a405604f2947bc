package io.kcrawler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.catalog.CatalogPublishActivitiesImpl;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.PreflightResult;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.ConfigEntryMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Publish to Atlan at catalog scale, against the Atlan contract server answering each bulk upsert
 * in {@code bench.atlan.serviceMs} (200 ms) behind a WAN of {@code bench.atlan.rttMs} (50 ms per
 * request: 25 ms each way), on synthetic artifacts of {@code bench.topics} topics and a fifth as
 * many consumer groups (no Kafka needed: publish reads only the artifacts). Measures, each on a
 * fresh tenant:
 *
 * <ul>
 *   <li>the first crawl's publish one batch at a time (the sink before this change) and with 2, 4
 *       and 8 batches in flight;
 *   <li>a second crawl of the unchanged cluster, and one after 1% of the topics changed;
 *   <li>a crawl where 1,000 topics are gone: the requests that find and archive them.
 * </ul>
 *
 * <pre>
 * mvn -B -Pbench -pl bench -am package exec:exec -DskipTests \
 *     -Dbench.main=io.kcrawler.bench.AtlanPublishBench [-Dbench.topics=10000]
 * </pre>
 *
 * Writes {@code bench/results/publish.md}.
 */
public final class AtlanPublishBench {
  private static final String TOKEN = "bench-token";
  private static final ObjectMapper MAPPER = Json.mapper();

  private final int topics = Integer.getInteger("bench.topics", 10_000);
  private final Duration service = Duration.ofMillis(Long.getLong("bench.atlan.serviceMs", 200));
  private final Duration rtt = Duration.ofMillis(Long.getLong("bench.atlan.rttMs", 50));
  private final Path work;

  private AtlanPublishBench() throws IOException {
    work = Files.createTempDirectory("kcrawler-atlan-publish-");
  }

  /** One publish: its wall time, what it counted, and the requests the tenant saw. */
  record Run(
      String name,
      int inFlight,
      long millis,
      long assetsSent,
      int bulkPosts,
      int searches,
      int lookups,
      int deletes,
      int maxConcurrentPosts,
      Map<String, Long> counts) {}

  public static void main(String[] args) throws Exception {
    new AtlanPublishBench().run();
    // Non-daemon threads of the test environment outlive close(); the JVM would not exit.
    System.exit(0);
  }

  private void run() throws Exception {
    List<Run> runs = new ArrayList<>();
    for (int inFlight : List.of(1, 2, 4, 8)) {
      try (Tenant t = new Tenant("first-" + inFlight, inFlight)) {
        runs.add(t.publish("first crawl", crawl(t, "r1", topics, 0, 0)));
      }
    }
    try (Tenant t = new Tenant("repeat", CatalogSinkConfig.DEFAULT_MAX_IN_FLIGHT)) {
      runs.add(t.publish("first crawl (again, for the next rows)", crawl(t, "r1", topics, 0, 0)));
      runs.add(t.publish("second crawl, unchanged", crawl(t, "r2", topics, 0, 0)));
      runs.add(
          t.publish("crawl after 1% of topics changed", crawl(t, "r3", topics, topics / 100, 0)));
      runs.add(
          t.publish("crawl with 1,000 topics gone", crawl(t, "r4", topics, topics / 100, 1000)));
    }
    String report = report(runs);
    System.out.println(report);
    Path out = Path.of(System.getProperty("bench.results", "results")).resolve("publish.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** A fresh tenant (contract server) with a connection, and a publisher with its own store. */
  private final class Tenant implements AutoCloseable {
    final AtlanContractServer atlan;
    final LocalArtifactStore store;
    final CatalogPublishActivities stub;
    final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    final int inFlight;

    Tenant(String name, int inFlight) throws IOException {
      this.inFlight = inFlight;
      atlan = new AtlanContractServer(TOKEN);
      atlan.serviceTime(service);
      atlan.latency(rtt);
      atlan.seed("Connection", "default/confluent-kafka/1700000000");
      store = new LocalArtifactStore(work.resolve(name));
      CatalogSinkConfig config =
          CatalogSinkConfig.atlan(atlan.baseUrl(), "env:T")
              .withConnectionQualifiedNames(Map.of("bench", "default/confluent-kafka/1700000000"))
              .withMaxInFlight(inFlight);
      env.registerActivitiesImplementations(
          CatalogPublishActivitiesImpl.fromConfig(
              store, config, new EnvFileSecretResolver(Map.of("T", TOKEN)), MAPPER));
      stub =
          env.newActivityStub(
              CatalogPublishActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(1)).build());
    }

    Run publish(String name, PublishRequest request) {
      int posts = atlan.posts();
      int searches = atlan.searches();
      int lookups = atlan.lookups();
      int deletes = atlan.deletes();
      long start = System.nanoTime();
      PhaseResult result = stub.publish(request);
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (!atlan.refusals().isEmpty() || !atlan.dropped().isEmpty()) {
        throw new IllegalStateException(
            "the tenant refused or dropped: " + atlan.refusals() + " " + atlan.dropped());
      }
      Run run =
          new Run(
              name,
              inFlight,
              ms,
              result.counts().get("assets") - result.counts().get("unchangedNotSent"),
              atlan.posts() - posts,
              atlan.searches() - searches,
              atlan.lookups() - lookups,
              atlan.deletes() - deletes,
              atlan.maxConcurrentPosts(),
              result.counts());
      System.out.printf("%s (%d in flight): %d ms %s%n", name, inFlight, ms, result.counts());
      return run;
    }

    @Override
    public void close() {
      env.close();
      atlan.close();
    }
  }

  /**
   * Writes one crawl's artifacts: {@code n} topics (the first {@code changed} with one more
   * partition, the first {@code gone} left out) and n/5 consumer groups on them.
   */
  private PublishRequest crawl(Tenant t, String runId, int n, int changed, int gone)
      throws IOException {
    String prefix = "connections/bench/runs/" + runId;
    Map<String, ArtifactRef> refs = new LinkedHashMap<>();
    List<TopicMetadata> topicRows = new ArrayList<>();
    List<TopicConfigs> configRows = new ArrayList<>();
    for (int i = gone; i < n; i++) {
      String name = String.format(Locale.ROOT, "topic-%06d", i);
      topicRows.add(
          new TopicMetadata(name, "id-" + i, false, (i < changed ? 2 : 1), 3, 0, 0, List.of()));
      configRows.add(
          new TopicConfigs(
              name,
              List.of(
                  new ConfigEntryMetadata(
                      "cleanup.policy", "delete", "DEFAULT_CONFIG", false, false),
                  new ConfigEntryMetadata(
                      "retention.ms", "604800000", "DYNAMIC_TOPIC_CONFIG", false, false))));
    }
    List<ConsumerGroupMetadata> groups = new ArrayList<>();
    for (int g = 0; g < n / 5; g++) {
      String topic = String.format(Locale.ROOT, "topic-%06d", Math.max(gone, g * 5));
      groups.add(
          new ConsumerGroupMetadata(
              "group-" + g,
              "EMPTY",
              "CLASSIC",
              null,
              1,
              false,
              List.of(),
              List.of(new ConsumerGroupMetadata.PartitionLag(topic, 0, 10, 12L, 2L)),
              2));
    }
    write(t, prefix, ArtifactKinds.TOPICS, topicRows, refs);
    write(t, prefix, ArtifactKinds.TOPIC_CONFIGS, configRows, refs);
    write(t, prefix, ArtifactKinds.CONSUMER_GROUPS, groups, refs);
    CrawlContext context =
        new CrawlContext("bench", runId, CrawlRequest.of("bench", "broker-1:9092"), prefix);
    return new PublishRequest(
        context, new PreflightResult("bench-cluster", 1, 3, List.of(), List.of()), refs, null);
  }

  private static <T> void write(
      Tenant t, String prefix, String kind, List<T> rows, Map<String, ArtifactRef> refs)
      throws IOException {
    try (JsonLines.Writer<T> w = JsonLines.writer(t.store, prefix + "/" + kind, MAPPER)) {
      for (T row : rows) {
        w.write(row);
      }
      refs.put(kind, w.finish());
    }
  }

  private String report(List<Run> runs) {
    StringBuilder md = new StringBuilder();
    md.append("# Publish to Atlan at catalog scale\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%,d topics and %,d consumer groups (synthetic artifacts); the Atlan contract"
                    + " server answers each bulk upsert in %d ms, and every request crosses %d ms"
                    + " of WAN (round trip). Each first crawl on a fresh tenant.%n%n",
                topics,
                topics / 5,
                service.toMillis(),
                rtt.toMillis()));
    md.append(
        "| publish | batches in flight | wall (s) | assets sent | bulk upserts | searches |"
            + " lookups | bulk deletes | most upserts at once |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %,d | %,d | %d | %d | %d | %d |%n",
              r.name(),
              r.inFlight(),
              r.millis() / 1000.0,
              r.assetsSent(),
              r.bulkPosts(),
              r.searches(),
              r.lookups(),
              r.deletes(),
              r.maxConcurrentPosts()));
    }
    Run sequential = runs.get(0);
    md.append('\n');
    for (Run r : runs.subList(1, 4)) {
      md.append(
          String.format(
              Locale.ROOT,
              "- First crawl, %d in flight: %.1f× faster than one batch at a time.%n",
              r.inFlight(),
              (double) sequential.millis() / r.millis()));
    }
    Run first = runs.get(4);
    Run unchanged = runs.get(5);
    Run gone = runs.get(7);
    md.append(
        String.format(
            Locale.ROOT,
            "- Second crawl of the unchanged cluster: %d assets sent, publish %.1f%% of the first"
                + " crawl's.%n",
            unchanged.assetsSent(),
            100.0 * unchanged.millis() / first.millis()));
    long before = 1000 + (1000 + 49) / 50;
    md.append(
        String.format(
            Locale.ROOT,
            "- 1,000 stale topics archived with %d requests (%d searches, %d deletes), %.1f%% of"
                + " the %d the sink needed before (one lookup per asset, one DELETE per 50:"
                + " computed from that code).%n",
            gone.searches() + gone.deletes(),
            gone.searches(),
            gone.deletes(),
            100.0 * (gone.searches() + gone.deletes()) / before,
            before));
    return md.toString();
  }
}
