package io.kcrawler.bench;

import io.kcrawler.activities.schemaregistry.SchemaRegistryClient;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The benchmark (issues 8 and 13): grows one synthetic cluster to each size and, per size and
 * network profile, runs (a) the crawl through Temporal with our worker, (b) the batched floor and
 * (c) the per-entity baseline, then the end-to-end crawl that publishes to the Atlan contract
 * server ({@link EndToEnd}), and writes {@code results.md} and {@code chart.png}.
 *
 * <p>Two registry modes: {@code levels} reads every subject's compatibility level, as a crawl does
 * by default, at the worker's default quota ({@value
 * SchemaRegistryClient#DEFAULT_REQUESTS_PER_SECOND} reads/s, Confluent Cloud's); {@code bulk} turns
 * levels off, which leaves the registry a few listing calls and the crawl bound by Kafka.
 *
 * <p>Run with {@code mvn -B -Pbench -pl bench -am package exec:exec -DskipTests}; the pom forks
 * this JVM with a fixed heap and passes the settings. System properties: {@code bench.sizes}
 * (default 1000,5000,10000), {@code bench.columns} (a,b,c,e2e), {@code bench.networks} (network
 * profiles, default {@value NetworkProfile#DEFAULT}: names or one-way delays in ms, see {@link
 * NetworkProfile}), {@code bench.registryModes} (bulk,levels), {@code bench.warmups} and {@code
 * bench.repeats} (5 and 5, bulk mode), {@code bench.levels.warmups} and {@code
 * bench.levels.repeats} (1 and 3, levels mode), {@code bench.e2e.repeats} (3 sequences of first,
 * unchanged and 1%-changed crawls), {@code bench.atlan.serviceMs} (200, per bulk upsert), {@code
 * bench.chunkSweep}, {@code bench.heapCheck} (true), {@code bench.results} (output directory).
 */
public final class Bench {
  /** Per-subject compatibility levels read at the worker's default quota: a crawl's default. */
  static final String LEVELS = "levels";

  /** Compatibility levels off: the registry answers a few listing calls. */
  static final String BULK = "bulk";

  /**
   * What a run fetched, compared with what the cluster holds: a sample that fetched less (a stalled
   * broker fenced itself: its group coordinator answered an empty group list and listOffsets
   * retried) measured something else and is taken again.
   */
  record Counts(long topics, long partitions, long groups, long offsets, long subjects) {
    static Counts of(io.kcrawler.model.CrawlSummary s) {
      Map<String, Long> c = s.counts();
      return new Counts(
          c.getOrDefault("topics", -1L),
          c.getOrDefault("partitions", -1L),
          c.getOrDefault("consumerGroups", -1L),
          c.getOrDefault("committedOffsets", -1L),
          c.getOrDefault("subjects", -1L));
    }

    static Counts of(DirectFetch.Fetched f) {
      return new Counts(f.topics(), f.partitions(), f.groups(), f.offsets(), f.subjects());
    }

    /** What a crawl of {@code cluster} must find (every partition has one group's commit). */
    static Counts of(SyntheticCluster cluster) {
      return new Counts(
          cluster.topics(),
          cluster.partitions(),
          cluster.groups(),
          cluster.partitions(),
          cluster.subjects());
    }
  }

  /** Incomplete samples taken again at most this often before the last one is kept anyway. */
  static final int MAX_RETAKES = 3;

  /** A measurement of one column at one size, network and registry mode. */
  record Run(
      int topics,
      String network,
      String registry,
      String column,
      long millis,
      Map<String, Long> kafkaRequests,
      long registryCalls,
      long registryMillis,
      long heapPeakMb,
      long heapPeakAfterGcMb,
      long heapBaseMb,
      int largestPayloadBytes,
      String fetched,
      List<Long> samples,
      long untilPublishMillis,
      List<Long> untilPublishSamples,
      CrawlTimeline timeline,
      int retaken) {
    long kafkaTotal() {
      return kafkaRequests.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * What one run of a column returns: its wall time when it measures its own (a crawl: start call
   * to result, without reading the history afterwards; else -1), the largest payload in its history
   * and where its time went before publish (crawls only), what it fetched, and how long its
   * registry part took.
   */
  record Sample(
      long millis,
      int largestPayloadBytes,
      CrawlTimeline timeline,
      String fetched,
      long registryMillis,
      Counts counts) {
    Sample(DirectFetch.Fetched f) {
      this(-1, 0, null, f.toString(), f.registryMillis(), Counts.of(f));
    }
  }

  private final KafkaRequestCounter counter = new KafkaRequestCounter();
  private final HeapSampler heap = new HeapSampler();
  private final Machine machine = new Machine();

  /** How the bench is run, for the report. */
  static final String COMMAND = "mvn -B -Pbench -pl bench -am package exec:exec -DskipTests";

  private final List<Run> runs = new ArrayList<>();
  private final List<ChunkSweep.Point> chunkPoints = new ArrayList<>();
  private final List<EndToEnd.Run> endToEnd = new ArrayList<>();
  private Counts expected;
  private HeapCappedWorker.Result capped;
  private final boolean heapCheck =
      Boolean.parseBoolean(System.getProperty("bench.heapCheck", "true"));
  private final boolean chunkSweep =
      Boolean.parseBoolean(System.getProperty("bench.chunkSweep", "true"));
  private SchemaRegistryContractServer registry;
  private final Set<String> columns =
      Set.of(System.getProperty("bench.columns", "a,b,c,e2e").split(","));
  private final int e2eRepeats = Math.max(1, Integer.getInteger("bench.e2e.repeats", 3));
  private final List<NetworkProfile> profiles =
      NetworkProfile.parse(System.getProperty("bench.networks", NetworkProfile.DEFAULT));
  private final List<String> registryModes =
      Arrays.stream(System.getProperty("bench.registryModes", BULK + "," + LEVELS).split(","))
          .map(String::trim)
          .peek(
              m -> {
                if (!m.equals(BULK) && !m.equals(LEVELS)) {
                  throw new IllegalArgumentException("bench.registryModes: bulk or levels: " + m);
                }
              })
          .toList();

  /**
   * Untimed a and b rounds before each measured pair of columns: the broker's first touch of new
   * topics, then the JIT (publish at 1k topics needs ~20 crawls' worth to settle; a worker in
   * production runs warm).
   */
  static final int DEFAULT_WARMUPS = 5;

  /**
   * Levels-mode runs are paced by the registry quota (a subject per 1/75 s, the same for a and b),
   * so their noise is small next to their length: fewer rounds.
   */
  static final int DEFAULT_LEVELS_WARMUPS = 1;

  static final int DEFAULT_LEVELS_REPEATS = 3;

  static int warmups(String mode) {
    return Math.max(
        1,
        mode.equals(LEVELS)
            ? Integer.getInteger("bench.levels.warmups", DEFAULT_LEVELS_WARMUPS)
            : Integer.getInteger("bench.warmups", DEFAULT_WARMUPS));
  }

  static int repeats(String mode) {
    return Math.max(
        1,
        mode.equals(LEVELS)
            ? Integer.getInteger("bench.levels.repeats", DEFAULT_LEVELS_REPEATS)
            : Integer.getInteger("bench.repeats", 5));
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.sizes", "1000,5000,10000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    Path results = Path.of(System.getProperty("bench.results", "bench/results"));
    new Bench().run(sizes, results);
  }

  private void run(List<Integer> sizes, Path results) throws Exception {
    long started = System.nanoTime();
    registry = SchemaRegistryContractServer.start();
    int registryPort = Integer.parseInt(registry.url().replaceAll(".*:", ""));
    int brokerPort = freePort();
    // c reads levels when the levels mode runs (the realistic registry), else not.
    String cMode = registryModes.contains(LEVELS) ? LEVELS : BULK;
    try (DelayingProxy kafkaProxy = new DelayingProxy(0, brokerPort, counter);
        DelayingProxy registryProxy = new DelayingProxy(0, registryPort, null);
        EmbeddedKafkaCluster kafka =
            EmbeddedKafkaCluster.builder()
                .advertisedPort(0, brokerPort, kafkaProxy.port())
                // Seconds-long stalls of this shared VM outlast the default 9 s session: the
                // broker fenced itself, and crawls found no groups while it was.
                .brokerProperty("broker.session.timeout.ms", "60000")
                .start()) {
      String bootstrap = "127.0.0.1:" + kafkaProxy.port();
      String registryUrl = "http://127.0.0.1:" + registryProxy.port();
      Properties client = new Properties();
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      SyntheticCluster cluster =
          new SyntheticCluster(
              SyntheticCluster.Shape.BENCH,
              topics -> kafka.createTopics(topics, java.time.Duration.ofMinutes(30)),
              registry,
              client);
      DirectFetch direct = new DirectFetch(client, registryUrl);
      Path work = Files.createTempDirectory("kcrawler-bench-");
      try (TemporalCrawl temporal = new TemporalCrawl(work);
          EndToEnd e2e =
              columns.contains("e2e") ? new EndToEnd(work.resolve("e2e"), client) : null) {
        for (int size : sizes) {
          cluster.growTo(size);
          expected = Counts.of(cluster);
          System.out.printf(
              "cluster: %d topics, %d partitions, %d groups, %d subjects%n",
              cluster.topics(), cluster.partitions(), cluster.groups(), cluster.subjects());
          if (size == sizes.get(0)) {
            // Class loading and JIT of the first crawl would be charged to the smallest size.
            temporal.crawl("warmup", bootstrap, registryUrl, false);
            direct.floor(false);
          }
          for (NetworkProfile profile : profiles) {
            String network = profile.label();
            kafkaProxy.delay(profile.oneWay());
            registryProxy.delay(profile.oneWay());
            for (String mode : registryModes) {
              boolean levels = mode.equals(LEVELS);
              String id = "bench-" + size + "-" + profile.name() + "-" + mode;
              Map<String, Callable<Sample>> pair = new LinkedHashMap<>();
              pair.put(
                  "a",
                  () -> {
                    TemporalCrawl.Result r = temporal.crawl(id, bootstrap, registryUrl, levels);
                    if (r.summary().status() != CrawlStatus.SUCCEEDED) {
                      throw new IllegalStateException("crawl " + id + ": " + r.summary());
                    }
                    return new Sample(
                        r.millis(),
                        r.largestPayloadBytes(),
                        r.timeline(),
                        counts(r),
                        schemasMillis(r),
                        Counts.of(r.summary()));
                  });
              pair.put("b", () -> new Sample(direct.floor(levels)));
              measureInterleaved(size, network, mode, pair);
              if (mode.equals(cMode)) {
                // The baseline is 5-50x slower than the crawl: one run; its noise cannot move c/a.
                measure(size, network, mode, "c", () -> new Sample(direct.perEntity(levels)));
              }
            }
            if (e2e != null) {
              endToEnd.addAll(
                  e2e.run(
                      size,
                      profile,
                      bootstrap,
                      registryUrl,
                      cMode.equals(LEVELS),
                      e2eRepeats,
                      expected));
            }
            boolean largest = size == sizes.get(sizes.size() - 1);
            if (chunkSweep && largest) {
              chunkPoints.addAll(new ChunkSweep(client).run(network));
            }
            if (heapCheck && largest && profile.isLoopback()) {
              // With levels when they run: the longest crawl, the most time for the heap to grow.
              capped =
                  HeapCappedWorker.run(
                      Path.of(System.getProperty("bench.workerJar", "worker/target/kcrawler.jar")),
                      bootstrap,
                      registryUrl,
                      cMode.equals(LEVELS),
                      Math.min(3, repeats(cMode)),
                      work.resolve("capped"));
            }
            Report.write(runs, endToEnd, chunkPoints, capped, results, profiles, machine);
          }
        }
      }
    } finally {
      registry.close();
      heap.close();
      machine.close();
    }
    System.out.printf("bench done in %.0f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static long schemasMillis(TemporalCrawl.Result r) {
    return r.summary().phases().stream()
        .filter(p -> p.phase().equals(Phases.SCHEMAS))
        .mapToLong(PhaseSummary::durationMs)
        .findFirst()
        .orElse(-1);
  }

  private static String counts(TemporalCrawl.Result r) {
    Map<String, Long> c = r.summary().counts();
    StringBuilder phases = new StringBuilder();
    r.summary()
        .phases()
        .forEach(p -> phases.append(' ').append(p.phase()).append('=').append(p.durationMs()));
    return String.format(
        "%d topics, %d partitions, %d configs, %d groups, %d committed offsets, %d subjects;"
            + " phase ms:%s",
        c.getOrDefault("topics", -1L),
        c.getOrDefault("partitions", -1L),
        c.getOrDefault("topicConfigs", -1L),
        c.getOrDefault("consumerGroups", -1L),
        c.getOrDefault("committedOffsets", -1L),
        c.getOrDefault("subjects", -1L),
        phases);
  }

  /**
   * a and b on equal terms: {@link #warmups} untimed rounds of each first (the broker's first touch
   * of a grown cluster's index files, and JIT, would otherwise be charged to whichever runs first),
   * then {@link #repeats} rounds alternating a, b, a, b; each keeps its median.
   */
  private void measureInterleaved(
      int size, String network, String mode, Map<String, Callable<Sample>> bodies)
      throws Exception {
    Map<String, List<Run>> tries = new LinkedHashMap<>();
    for (int w = 0; w < warmups(mode); w++) {
      for (var e : bodies.entrySet()) {
        if (columns.contains(e.getKey())) {
          e.getValue().call();
          tries.put(e.getKey(), new ArrayList<>());
        }
      }
    }
    for (int i = 0; i < repeats(mode); i++) {
      for (var e : tries.entrySet()) {
        e.getValue().add(measureOnce(size, network, mode, e.getKey(), bodies.get(e.getKey())));
      }
    }
    tries.values().forEach(this::keepMedian);
  }

  private void measure(int size, String network, String mode, String column, Callable<Sample> body)
      throws Exception {
    if (columns.contains(column)) {
      keepMedian(new ArrayList<>(List.of(measureOnce(size, network, mode, column, body))));
    }
  }

  /**
   * Records the run with the median wall time, with every sample and the worst heap figures; and,
   * for crawls, the median time until publish with the timeline of that run.
   */
  private void keepMedian(List<Run> tries) {
    List<Long> samples = tries.stream().map(Run::millis).toList();
    List<Run> byUntilPublish =
        tries.stream()
            .filter(r -> r.timeline() != null)
            .sorted(Comparator.comparingLong(Run::untilPublishMillis))
            .toList();
    Run untilPublish =
        byUntilPublish.isEmpty() ? null : byUntilPublish.get(byUntilPublish.size() / 2);
    tries.sort(Comparator.comparingLong(Run::millis));
    Run median = tries.get(tries.size() / 2);
    runs.add(
        new Run(
            median.topics(),
            median.network(),
            median.registry(),
            median.column(),
            median.millis(),
            median.kafkaRequests(),
            median.registryCalls(),
            median.registryMillis(),
            tries.stream().mapToLong(Run::heapPeakMb).max().orElse(0),
            tries.stream().mapToLong(Run::heapPeakAfterGcMb).max().orElse(0),
            median.heapBaseMb(),
            tries.stream().mapToInt(Run::largestPayloadBytes).max().orElse(0),
            median.fetched(),
            List.copyOf(samples),
            untilPublish == null ? -1 : untilPublish.untilPublishMillis(),
            tries.stream().filter(r -> r.timeline() != null).map(Run::untilPublishMillis).toList(),
            untilPublish == null ? null : untilPublish.timeline(),
            tries.stream().mapToInt(Run::retaken).sum()));
  }

  private Run measureOnce(
      int size, String network, String mode, String column, Callable<Sample> body)
      throws Exception {
    Sample out;
    long millis;
    long base;
    int retaken = 0;
    while (true) {
      base = heap.reset();
      counter.reset();
      registry.resetRequests();
      long t0 = System.nanoTime();
      out = body.call();
      millis = out.millis() >= 0 ? out.millis() : (System.nanoTime() - t0) / 1_000_000;
      if (out.counts() == null || out.counts().equals(expected) || retaken == MAX_RETAKES) {
        break;
      }
      retaken++;
      System.out.printf(
          "%6d topics %-16s %-6s (%s) %7d ms INCOMPLETE, taken again: fetched %s, the cluster"
              + " holds %s%n",
          size, network, mode, column, millis, out.counts(), expected);
    }
    Run run =
        new Run(
            size,
            network,
            mode,
            column,
            millis,
            counter.snapshot(),
            registry.requests().size(),
            out.registryMillis(),
            heap.peak() >> 20,
            heap.peakAfterGc() >> 20,
            base >> 20,
            out.largestPayloadBytes(),
            out.fetched(),
            List.of(millis),
            out.timeline() == null ? -1 : out.timeline().untilPublishMillis(),
            List.of(),
            out.timeline(),
            retaken);
    System.out.printf(
        "%6d topics %-16s %-6s (%s) %7d ms%s  kafka %6d %s  registry %5d in %d ms  heap peak %d"
            + " MB (after GC %d, base %d)  payload %d B  [%s]%n",
        size,
        network,
        mode,
        column,
        millis,
        out.timeline() == null
            ? ""
            : " (until publish "
                + out.timeline().untilPublishMillis()
                + " ms: "
                + out.timeline().parts()
                + ")",
        run.kafkaTotal(),
        run.kafkaRequests(),
        run.registryCalls(),
        run.registryMillis(),
        run.heapPeakMb(),
        run.heapPeakAfterGcMb(),
        run.heapBaseMb(),
        run.largestPayloadBytes(),
        run.fetched());
    return run;
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
