package io.kcrawler.bench;

import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The benchmark (issue 8): grows one synthetic cluster to each size and, per size, on loopback and
 * with an added round trip, runs (a) the crawl through Temporal with our worker, (b) the batched
 * floor and (c) the per-entity baseline, then writes {@code results.md} and {@code chart.png}.
 *
 * <p>Run with {@code mvn -B -Pbench -pl bench -am package exec:exec -DskipTests}; the pom forks
 * this JVM with a fixed heap and passes the settings. System properties: {@code bench.sizes}
 * (default 1000,5000,10000), {@code bench.columns} (a,b,c), {@code bench.networks} (network
 * profiles, default {@value NetworkProfile#DEFAULT}: names or one-way delays in ms, see {@link
 * NetworkProfile}), {@code bench.repeats} (5), {@code bench.chunkSweep}, {@code bench.heapCheck}
 * (true), {@code bench.results} (output directory).
 */
public final class Bench {
  /** A measurement of one column at one size and network. */
  record Run(
      int topics,
      String network,
      String column,
      long millis,
      Map<String, Long> kafkaRequests,
      long registryCalls,
      long heapPeakMb,
      long heapPeakAfterGcMb,
      long heapBaseMb,
      int largestPayloadBytes,
      String fetched,
      List<Long> samples) {
    long kafkaTotal() {
      return kafkaRequests.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final KafkaRequestCounter counter = new KafkaRequestCounter();
  private final HeapSampler heap = new HeapSampler();
  private final List<Run> runs = new ArrayList<>();
  private final List<ChunkSweep.Point> chunkPoints = new ArrayList<>();
  private HeapCappedWorker.Result capped;
  private final boolean heapCheck =
      Boolean.parseBoolean(System.getProperty("bench.heapCheck", "true"));
  private final boolean chunkSweep =
      Boolean.parseBoolean(System.getProperty("bench.chunkSweep", "true"));
  private SchemaRegistryContractServer registry;
  private final Set<String> columns =
      Set.of(System.getProperty("bench.columns", "a,b,c").split(","));
  private final List<NetworkProfile> profiles =
      NetworkProfile.parse(System.getProperty("bench.networks", NetworkProfile.DEFAULT));
  private final int repeats = Integer.getInteger("bench.repeats", 5);

  /**
   * Untimed a and b rounds before each measured pair of columns: the broker's first touch of new
   * topics, then the JIT (publish at 1k topics needs ~20 crawls' worth to settle; a worker in
   * production runs warm).
   */
  static final int DEFAULT_WARMUPS = 5;

  private final int warmups = warmups();

  static int warmups() {
    return Math.max(1, Integer.getInteger("bench.warmups", DEFAULT_WARMUPS));
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
    try (DelayingProxy kafkaProxy = new DelayingProxy(0, brokerPort, counter);
        DelayingProxy registryProxy = new DelayingProxy(0, registryPort, null);
        EmbeddedKafkaCluster kafka =
            EmbeddedKafkaCluster.builder()
                .advertisedPort(0, brokerPort, kafkaProxy.port())
                .start()) {
      String bootstrap = "127.0.0.1:" + kafkaProxy.port();
      String registryUrl = "http://127.0.0.1:" + registryProxy.port();
      Properties client = new Properties();
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      SyntheticCluster cluster = new SyntheticCluster(kafka, registry, client);
      DirectFetch direct = new DirectFetch(client, registryUrl);
      Path work = Files.createTempDirectory("kcrawler-bench-");
      try (TemporalCrawl temporal = new TemporalCrawl(work)) {
        for (int size : sizes) {
          cluster.growTo(size);
          System.out.printf(
              "cluster: %d topics, %d partitions, %d groups, %d subjects%n",
              cluster.topics(), cluster.partitions(), cluster.groups(), cluster.subjects());
          if (size == sizes.get(0)) {
            // Class loading and JIT of the first crawl would be charged to the smallest size.
            temporal.crawl("warmup", bootstrap, registryUrl);
            direct.floor();
          }
          for (NetworkProfile profile : profiles) {
            String network = profile.label();
            kafkaProxy.delay(profile.oneWay());
            registryProxy.delay(profile.oneWay());
            String id = "bench-" + size + "-" + profile.name();
            Map<String, Callable<Object[]>> pair = new java.util.LinkedHashMap<>();
            pair.put(
                "a",
                () -> {
                  TemporalCrawl.Result r = temporal.crawl(id, bootstrap, registryUrl);
                  if (r.summary().status() != CrawlStatus.SUCCEEDED) {
                    throw new IllegalStateException("crawl " + id + ": " + r.summary());
                  }
                  return new Object[] {r.largestPayloadBytes(), counts(r)};
                });
            pair.put("b", () -> new Object[] {0, direct.floor().toString()});
            measureInterleaved(size, network, pair, repeats);
            // The baseline is 5-25x slower than the crawl: one run; its noise cannot move c/a.
            measure(size, network, "c", 1, () -> new Object[] {0, direct.perEntity().toString()});
            boolean largest = size == sizes.get(sizes.size() - 1);
            if (chunkSweep && largest) {
              chunkPoints.addAll(new ChunkSweep(client).run(network));
            }
            if (heapCheck && largest && profile.isLoopback()) {
              capped =
                  HeapCappedWorker.run(
                      Path.of(System.getProperty("bench.workerJar", "worker/target/kcrawler.jar")),
                      bootstrap,
                      registryUrl,
                      repeats,
                      work.resolve("capped"));
            }
            Report.write(runs, chunkPoints, capped, results, profiles);
          }
        }
      }
    } finally {
      registry.close();
      heap.close();
    }
    System.out.printf("bench done in %.0f s%n", (System.nanoTime() - started) / 1e9);
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
   * Runs {@code body} {@code times} times and keeps the run with the median wall time (with its
   * request counts and heap figures); every sample is reported.
   */
  /**
   * a and b on equal terms: {@code bench.warmups} untimed rounds of each first (the broker's first
   * touch of a grown cluster's index files, and JIT, would otherwise be charged to whichever runs
   * first), then {@code times} rounds alternating a, b, a, b; each keeps its median.
   */
  private void measureInterleaved(
      int size, String network, Map<String, Callable<Object[]>> bodies, int times)
      throws Exception {
    Map<String, List<Run>> tries = new java.util.LinkedHashMap<>();
    for (int w = 0; w < warmups; w++) {
      for (var e : bodies.entrySet()) {
        if (columns.contains(e.getKey())) {
          e.getValue().call();
          tries.put(e.getKey(), new ArrayList<>());
        }
      }
    }
    for (int i = 0; i < times; i++) {
      for (var e : tries.entrySet()) {
        e.getValue().add(measureOnce(size, network, e.getKey(), bodies.get(e.getKey())));
      }
    }
    tries.values().forEach(this::keepMedian);
  }

  private void measure(int size, String network, String column, int times, Callable<Object[]> body)
      throws Exception {
    if (!columns.contains(column)) {
      return;
    }
    List<Run> tries = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      tries.add(measureOnce(size, network, column, body));
    }
    keepMedian(tries);
  }

  /** Records the run with the median wall time, with every sample and the worst heap figures. */
  private void keepMedian(List<Run> tries) {
    List<Long> samples = tries.stream().map(Run::millis).toList();
    tries.sort(Comparator.comparingLong(Run::millis));
    Run median = tries.get(tries.size() / 2);
    runs.add(
        new Run(
            median.topics(),
            median.network(),
            median.column(),
            median.millis(),
            median.kafkaRequests(),
            median.registryCalls(),
            tries.stream().mapToLong(Run::heapPeakMb).max().orElse(0),
            tries.stream().mapToLong(Run::heapPeakAfterGcMb).max().orElse(0),
            median.heapBaseMb(),
            tries.stream().mapToInt(Run::largestPayloadBytes).max().orElse(0),
            median.fetched(),
            List.copyOf(samples)));
  }

  private Run measureOnce(int size, String network, String column, Callable<Object[]> body)
      throws Exception {
    long base = heap.reset();
    counter.reset();
    registry.resetRequests();
    long t0 = System.nanoTime();
    Object[] out = body.call();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    Run run =
        new Run(
            size,
            network,
            column,
            millis,
            counter.snapshot(),
            registry.requests().size(),
            heap.peak() >> 20,
            heap.peakAfterGc() >> 20,
            base >> 20,
            (Integer) out[0],
            (String) out[1],
            List.of(millis));
    System.out.printf(
        "%6d topics %-16s (%s) %7d ms  kafka %6d %s  registry %5d  heap peak %d MB (after GC %d,"
            + " base %d)  payload %d B  [%s]%n",
        size,
        network,
        column,
        millis,
        run.kafkaTotal(),
        run.kafkaRequests(),
        run.registryCalls(),
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
