package io.kcrawler.bench;

import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A cluster bigger than one broker process can hold (issue 13): a KRaft controller and {@code
 * bench.big.brokers} brokers, each in a JVM of its own ({@link KafkaProcesses}), grown to each of
 * {@code bench.big.sizes} topics with 2 partitions per topic, a consumer group per 5 topics and a
 * subject per 5 topics (50,000 topics: 100,000 partitions, 10,000 groups, 10,000 subjects). Per
 * size: how long growing took, then the crawl through Temporal (a) and the batched floor (b) on
 * loopback with levels off, interleaved; at the largest size also both with per-subject levels at
 * the default quota, and the worker jar in its own JVM at -Xmx512m. Writes {@code bigcluster.md}.
 *
 * <pre>
 * mvn -B -Pbench -pl bench -am package exec:exec -DskipTests \
 *     -Dbench.main=io.kcrawler.bench.BigClusterBench -Dbench.heap=4g \
 *     [-Dbench.big.sizes=10000,25000,50000 -Dbench.big.brokers=10 -Dbench.big.nodeHeap=1g]
 * </pre>
 */
public final class BigClusterBench {
  /** Two partitions per topic; a consumer group and a subject per five topics. */
  static final SyntheticCluster.Shape SHAPE = new SyntheticCluster.Shape(1, 2, 5, 5);

  /** Topics per CreateTopics request (1,000 partitions). */
  private static final int CREATE_BATCH = 500;

  /** Topics created before waiting until the brokers serve them (progress is printed per wave). */
  private static final int CREATE_WAVE = 5_000;

  /** Partitions per listOffsets call that checks new partitions are served. */
  private static final int SERVED_CHECK = 20_000;

  /** Entities a Kafka request must cover on average for the crawl to count as batched. */
  private static final int MIN_ENTITIES_PER_REQUEST = 100;

  /** The crawler's describeConfigs batch, for the floor too at this size. */
  private static final int CONFIG_CHUNK = 1_000;

  /** One column's medians at one size and registry mode. */
  record Measured(
      int topics,
      String registry,
      String column,
      long millis,
      List<Long> samples,
      long untilPublishMillis,
      Map<String, Long> kafka,
      long registryCalls,
      long registryMillis,
      String fetched) {
    long kafkaTotal() {
      return kafka.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** One wave of topic creation: topics and partitions created, and how long until served. */
  record Wave(int toTopics, long partitions, double seconds) {}

  private final List<Integer> sizes =
      Arrays.stream(System.getProperty("bench.big.sizes", "10000,25000,50000").split(","))
          .map(String::trim)
          .map(Integer::parseInt)
          .toList();
  private final int brokerCount = Integer.getInteger("bench.big.brokers", 10);
  private final String nodeHeap = System.getProperty("bench.big.nodeHeap", "1g");
  private final Path dataDir =
      Path.of(
          System.getProperty(
              "bench.big.dataDir",
              Files.isDirectory(Path.of("/dev/shm"))
                  ? "/dev/shm"
                  : System.getProperty("java.io.tmpdir")));
  private final int repeats = Math.max(1, Integer.getInteger("bench.repeats", 3));

  /**
   * False skips the a/b measurements and keeps the building and the capped worker's heap check (a
   * run of the heap check alone at the largest size, when a full run lost it).
   */
  private final boolean measure =
      Boolean.parseBoolean(System.getProperty("bench.big.measure", "true"));

  private final Path results = Path.of(System.getProperty("bench.results", "bench/results"));

  private final KafkaRequestCounter counter = new KafkaRequestCounter();
  private final Machine machine = new Machine();
  private final List<Measured> measured = new ArrayList<>();
  private final List<Wave> waves = new ArrayList<>();
  private final Map<Integer, List<long[]>> resources = new LinkedHashMap<>();
  private SchemaRegistryContractServer registry;
  private KafkaProcesses kafka;
  private double nodesStartS;
  private HeapCappedWorker.Result capped;
  private String failure;
  private int partitionCursor;
  private int createdTopics;
  private int retakes;

  public static void main(String[] args) throws Exception {
    new BigClusterBench().run();
    // Non-daemon threads of the test environment outlive close(); the JVM would not exit.
    System.exit(0);
  }

  private void run() throws Exception {
    registry = SchemaRegistryContractServer.start();
    int registryPort = Integer.parseInt(registry.url().replaceAll(".*:", ""));
    Path work = Files.createTempDirectory("kcrawler-big-");
    kafka =
        new KafkaProcesses(
            brokerCount, dataDir.resolve("kcrawler-big-" + ProcessHandle.current().pid()));
    List<DelayingProxy> proxies = new ArrayList<>();
    try (DelayingProxy registryProxy = new DelayingProxy(0, registryPort, null)) {
      for (int port : kafka.listenPorts()) {
        proxies.add(new DelayingProxy(0, port, counter));
      }
      long t0 = System.nanoTime();
      kafka.start(proxies.stream().map(DelayingProxy::port).toList(), nodeHeap);
      nodesStartS = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "%d brokers and a controller, each in its own JVM, up in %.1f s%n",
          brokerCount, nodesStartS);
      String bootstrap =
          proxies.stream().map(p -> "127.0.0.1:" + p.port()).collect(Collectors.joining(","));
      String registryUrl = "http://127.0.0.1:" + registryProxy.port();
      Properties client = new Properties();
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      SyntheticCluster cluster =
          new SyntheticCluster(SHAPE, topics -> create(client, topics), registry, client);
      DirectFetch direct = new DirectFetch(client, registryUrl, CONFIG_CHUNK);
      try (TemporalCrawl temporal = new TemporalCrawl(work)) {
        for (int size : sizes) {
          try {
            cluster.growTo(size);
          } catch (Exception e) {
            failure =
                "growing to "
                    + size
                    + " topics failed: "
                    + e
                    + " (see the node logs under "
                    + dataDir
                    + ")";
            System.out.println(failure);
            break;
          }
          resources.put(size, kafka.brokerResources());
          System.out.printf(
              "cluster: %d topics, %d partitions, %d groups, %d subjects; brokers (id, RSS kB,"
                  + " open files): %s%n",
              cluster.topics(),
              cluster.partitions(),
              cluster.groups(),
              cluster.subjects(),
              resources.get(size).stream().map(Arrays::toString).toList());
          if (measure) {
            measurePair(
                size,
                Bench.BULK,
                temporal,
                direct,
                bootstrap,
                registryUrl,
                repeats,
                Bench.Counts.of(cluster));
          }
          write(cluster);
        }
        int largest = cluster.topics();
        if (failure == null && largest > 0) {
          if (measure) {
            measurePair(
                largest,
                Bench.LEVELS,
                temporal,
                direct,
                bootstrap,
                registryUrl,
                1,
                Bench.Counts.of(cluster));
          }
          write(cluster);
          capped =
              HeapCappedWorker.run(
                  Path.of(System.getProperty("bench.workerJar", "worker/target/kcrawler.jar")),
                  bootstrap,
                  registryUrl,
                  true,
                  2,
                  work.resolve("capped"));
          resources.put(largest, kafka.brokerResources());
        }
        write(cluster);
      }
    } finally {
      proxies.forEach(
          p -> {
            try {
              p.close();
            } catch (java.io.IOException ignored) {
              // Closing anyway.
            }
          });
      kafka.close();
      registry.close();
      machine.close();
    }
  }

  /**
   * Creates topics in requests of {@value #CREATE_BATCH}, placing partitions round-robin over the
   * brokers (so each holds the same share of partitions, and of open files), and waits until every
   * new partition answers listOffsets, wave by wave.
   */
  private void create(Properties client, List<NewTopic> topics) throws Exception {
    List<Integer> ids = kafka.brokerIds();
    try (Admin admin = Admin.create(client)) {
      for (int wave = 0; wave < topics.size(); wave += CREATE_WAVE) {
        long t0 = System.nanoTime();
        List<NewTopic> these = topics.subList(wave, Math.min(topics.size(), wave + CREATE_WAVE));
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < these.size(); i += CREATE_BATCH) {
          List<NewTopic> batch = new ArrayList<>();
          for (NewTopic t : these.subList(i, Math.min(these.size(), i + CREATE_BATCH))) {
            Map<Integer, List<Integer>> assignment = new HashMap<>();
            for (int p = 0; p < t.numPartitions(); p++) {
              assignment.put(p, List.of(ids.get(partitionCursor++ % ids.size())));
              partitions.add(new TopicPartition(t.name(), p));
            }
            batch.add(new NewTopic(t.name(), assignment));
          }
          admin.createTopics(batch).all().get();
        }
        awaitServed(admin, partitions);
        double s = (System.nanoTime() - t0) / 1e9;
        createdTopics += these.size();
        Wave w = new Wave(createdTopics, partitions.size(), s);
        waves.add(w);
        System.out.printf(
            "  created %d topics (%d partitions) in %.1f s: %.0f partitions/s%n",
            these.size(), partitions.size(), s, partitions.size() / s);
      }
    }
  }

  /** Retries listOffsets until every partition answers: the brokers have created their logs. */
  private static void awaitServed(Admin admin, List<TopicPartition> partitions) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(30).toNanos();
    for (int i = 0; i < partitions.size(); i += SERVED_CHECK) {
      Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
      partitions
          .subList(i, Math.min(partitions.size(), i + SERVED_CHECK))
          .forEach(tp -> specs.put(tp, OffsetSpec.latest()));
      while (true) {
        try {
          admin.listOffsets(specs).all().get();
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(500);
        }
      }
    }
  }

  private void measurePair(
      int size,
      String mode,
      TemporalCrawl temporal,
      DirectFetch direct,
      String bootstrap,
      String registryUrl,
      int rounds,
      Bench.Counts expected)
      throws Exception {
    boolean levels = mode.equals(Bench.LEVELS);
    String id = "big-" + size + "-" + mode;
    Map<String, Callable<Bench.Sample>> columns = new LinkedHashMap<>();
    columns.put(
        "a",
        () -> {
          TemporalCrawl.Result r = temporal.crawl(id, bootstrap, registryUrl, levels);
          if (r.summary().status() != CrawlStatus.SUCCEEDED) {
            throw new IllegalStateException("crawl " + id + ": " + r.summary());
          }
          long schemas =
              r.summary().phases().stream()
                  .filter(p -> p.phase().equals(Phases.SCHEMAS))
                  .mapToLong(PhaseSummary::durationMs)
                  .findFirst()
                  .orElse(-1);
          StringBuilder phases = new StringBuilder();
          r.summary()
              .phases()
              .forEach(
                  p -> phases.append(' ').append(p.phase()).append('=').append(p.durationMs()));
          return new Bench.Sample(
              r.millis(),
              r.largestPayloadBytes(),
              r.timeline(),
              r.summary().counts().getOrDefault("topics", -1L)
                  + " topics, "
                  + r.summary().counts().getOrDefault("partitions", -1L)
                  + " partitions, "
                  + r.summary().counts().getOrDefault("consumerGroups", -1L)
                  + " groups, "
                  + r.summary().counts().getOrDefault("subjects", -1L)
                  + " subjects; phase ms:"
                  + phases,
              schemas,
              Bench.Counts.of(r.summary()));
        });
    columns.put("b", () -> new Bench.Sample(direct.floor(levels)));
    // One untimed round of each: the brokers' first touch of the grown cluster, the JIT.
    if (!levels) {
      for (Callable<Bench.Sample> c : columns.values()) {
        c.call();
      }
    }
    Map<String, List<Measured>> tries = new LinkedHashMap<>();
    for (int i = 0; i < rounds; i++) {
      for (var e : columns.entrySet()) {
        Bench.Sample s;
        long millis;
        int retaken = 0;
        while (true) {
          counter.reset();
          registry.resetRequests();
          long t0 = System.nanoTime();
          s = e.getValue().call();
          millis = s.millis() >= 0 ? s.millis() : (System.nanoTime() - t0) / 1_000_000;
          if (s.counts().equals(expected) || retaken == Bench.MAX_RETAKES) {
            break;
          }
          retaken++;
          retakes++;
          System.out.printf(
              "%6d topics %-6s (%s) %7d ms INCOMPLETE, taken again: fetched %s, the cluster"
                  + " holds %s%n",
              size, mode, e.getKey(), millis, s.counts(), expected);
        }
        Measured m =
            new Measured(
                size,
                mode,
                e.getKey(),
                millis,
                List.of(millis),
                s.timeline() == null ? -1 : s.timeline().untilPublishMillis(),
                counter.snapshot(),
                registry.requests().size(),
                s.registryMillis(),
                s.fetched());
        System.out.printf(
            "%6d topics %-6s (%s) %7d ms (until publish %d ms) kafka %d %s registry %d in %d ms"
                + " [%s]%n",
            size,
            mode,
            e.getKey(),
            millis,
            m.untilPublishMillis(),
            m.kafkaTotal(),
            m.kafka(),
            m.registryCalls(),
            m.registryMillis(),
            m.fetched());
        tries.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(m);
      }
    }
    for (List<Measured> t : tries.values()) {
      List<Long> samples = t.stream().map(Measured::millis).toList();
      List<Long> until =
          t.stream().map(Measured::untilPublishMillis).sorted().collect(Collectors.toList());
      List<Measured> sorted = new ArrayList<>(t);
      sorted.sort(Comparator.comparingLong(Measured::millis));
      Measured m = sorted.get(sorted.size() / 2);
      measured.add(
          new Measured(
              m.topics(),
              m.registry(),
              m.column(),
              m.millis(),
              samples,
              until.get(until.size() / 2),
              m.kafka(),
              m.registryCalls(),
              m.registryMillis(),
              m.fetched()));
    }
  }

  private void write(SyntheticCluster cluster) throws java.io.IOException {
    StringBuilder md = new StringBuilder();
    md.append("# A cluster bigger than one broker process\n\n")
        .append("One KRaft controller and ")
        .append(brokerCount)
        .append(" brokers, each a JVM of its own (`KafkaNode`, launched by `KafkaProcesses` with")
        .append(" the bench's class path, -Xmx")
        .append(nodeHeap)
        .append(" each), so each has its own open-file limit of 20,000: one broker process")
        .append(" holds ~12,500 partitions under it, so 100,000 partitions need at least 8.")
        .append(" Partitions placed round-robin over the brokers (equal shares). Broker data on ")
        .append(dataDir)
        .append(dataDir.toString().equals("/dev/shm") ? " (tmpfs, RAM)" : "")
        .append(". Shape: 2 partitions per topic, a consumer group with committed offsets per 5")
        .append(" topics, an Avro subject per 5 topics (every ")
        .append(SyntheticCluster.LEVEL_EVERY)
        .append("th with a level of its own). Every broker's advertised listener is a proxy in")
        .append(" the bench JVM that counts Kafka requests by API key (loopback, no delay).\n\n");
    md.append("## Building it\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "- Nodes up (formatted, started, all brokers registered): %.1f s%n",
                nodesStartS));
    double total = nodesStartS;
    for (SyntheticCluster.Growth g : cluster.growths()) {
      total += g.totalS();
      md.append(
          String.format(
              Locale.ROOT,
              "- %,d → %,d topics: %.0f s (topics created and served %.0f s, records %.0f s,"
                  + " group offsets %.0f s, subjects %.0f s); %.0f s since the start%n",
              g.from(),
              g.to(),
              g.totalS(),
              g.topicsS(),
              g.recordsS(),
              g.offsetsS(),
              g.subjectsS(),
              total));
    }
    if (!waves.isEmpty()) {
      md.append("- Topic creation, wave by wave (topics so far: partitions/s): ")
          .append(
              String.join(
                  ", ",
                  waves.stream()
                      .map(
                          w ->
                              String.format(
                                  Locale.ROOT,
                                  "%,d: %.0f/s",
                                  w.toTopics(),
                                  w.partitions() / w.seconds()))
                      .toList()))
          .append('\n');
    }
    if (failure != null) {
      md.append("- **Stopped:** ").append(failure).append('\n');
    }
    md.append("\nBroker processes (id: resident MB, open files) after each size:\n\n");
    resources.forEach(
        (size, list) ->
            md.append("- ")
                .append(String.format(Locale.ROOT, "%,d", size))
                .append(" topics: ")
                .append(
                    String.join(
                        ", ",
                        list.stream()
                            .map(r -> r[0] + ": " + (r[1] >> 10) + " MB, " + r[2] + " files")
                            .toList()))
                .append('\n'));
    md.append("\n## Crawls\n\n")
        .append("a: the crawl through Temporal's test server with `CrawlerWorker` (file sink),")
        .append(" wall time from the start call to the result; until publish: from the history,")
        .append(" as in results.md. b: the batched floor (topic configs ")
        .append(CONFIG_CHUNK)
        .append(" per call, all calls at once). Bulk: levels off, ")
        .append(repeats)
        .append(" rounds of a and b alternating after one untimed round of each, medians;")
        .append(" levels: per-subject compatibility levels at the default 75 requests/s, one")
        .append(" round. Samples that fetched less than the cluster holds (a stalled broker)")
        .append(" were taken again: ")
        .append(retakes)
        .append(".\n\n")
        .append(
            "| topics | partitions | groups | subjects | registry | column | wall (s) | until"
                + " publish (s) | samples (ms) | Kafka requests | registry calls | registry time"
                + " (s) | fetched |\n")
        .append("|---:|---:|---:|---:|---|---|---:|---:|---|---:|---:|---:|---|\n");
    for (Measured m : measured) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %,d | %,d | %s | %s | %.1f | %s | %s | %d | %d | %.1f | %s |%n",
              m.topics(),
              SHAPE.partitionsOf(m.topics()),
              m.topics() / SHAPE.topicsPerGroup(),
              m.topics() / SHAPE.topicsPerSubject(),
              m.registry(),
              m.column(),
              m.millis() / 1000.0,
              m.untilPublishMillis() < 0
                  ? "–"
                  : String.format(Locale.ROOT, "%.1f", m.untilPublishMillis() / 1000.0),
              m.samples(),
              m.kafkaTotal(),
              m.registryCalls(),
              m.registryMillis() / 1000.0,
              m.fetched()));
    }
    Set<String> apis = new TreeSet<>();
    measured.stream()
        .filter(m -> m.column().equals("a"))
        .forEach(m -> apis.addAll(m.kafka().keySet()));
    md.append("\n### Kafka requests of the crawl (a) by API key\n\n| topics | registry | ")
        .append(String.join(" | ", apis))
        .append(" |\n|---:|---|");
    apis.forEach(x -> md.append("---:|"));
    md.append('\n');
    for (Measured m : measured) {
      if (m.column().equals("a")) {
        md.append(String.format(Locale.ROOT, "| %,d | %s |", m.topics(), m.registry()));
        apis.forEach(api -> md.append(' ').append(m.kafka().getOrDefault(api, 0L)).append(" |"));
        md.append('\n');
      }
    }
    List<Measured> bulkA =
        measured.stream()
            .filter(m -> m.column().equals("a") && m.registry().equals(Bench.BULK))
            .toList();
    md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    if (bulkA.size() >= 2) {
      Measured lo = bulkA.get(0);
      Measured hi = bulkA.get(bulkA.size() - 1);
      long entitiesLo = entities(lo.topics());
      long entitiesHi = entities(hi.topics());
      double grow = (double) hi.kafkaTotal() / lo.kafkaTotal();
      double entityGrow = (double) entitiesHi / entitiesLo;
      // Batched calls cost one request per chunk (1,000 topics, configs or groups) per broker or
      // coordinator that holds part of it, plus a fixed few per crawl: requests per entity fall as
      // the fixed part spreads, and stay two orders of magnitude below one request per entity.
      double perThousandLo = lo.kafkaTotal() * 1000.0 / entitiesLo;
      double perThousandHi = hi.kafkaTotal() * 1000.0 / entitiesHi;
      row(
          md,
          "Kafka requests grow with batches, not entities (same "
              + brokerCount
              + " brokers; met when requests per 1,000 entities do not grow with size and each"
              + " request covers at least "
              + MIN_ENTITIES_PER_REQUEST
              + " entities on average)",
          String.format(
              Locale.ROOT,
              "%d → %d requests (×%.2f) for %,d → %,d topics+partitions+groups (×%.1f): %.1f → %.1f"
                  + " requests per 1,000 entities, %.0f entities per request at the largest size",
              lo.kafkaTotal(),
              hi.kafkaTotal(),
              grow,
              entitiesLo,
              entitiesHi,
              entityGrow,
              perThousandLo,
              perThousandHi,
              (double) entitiesHi / hi.kafkaTotal()),
          perThousandHi <= perThousandLo
              && entitiesHi >= (long) MIN_ENTITIES_PER_REQUEST * hi.kafkaTotal());
      row(
          md,
          "registry calls grow with pages, not subjects (levels off)",
          String.format(
              Locale.ROOT,
              "%d → %d calls for %,d → %,d subjects",
              lo.registryCalls(),
              hi.registryCalls(),
              lo.topics() / SHAPE.topicsPerSubject(),
              hi.topics() / SHAPE.topicsPerSubject()),
          hi.registryCalls() <= 5 + (hi.topics() / SHAPE.topicsPerSubject() + 999) / 1000);
    }
    measured.stream()
        .filter(m -> m.column().equals("a") && m.registry().equals(Bench.LEVELS))
        .findFirst()
        .ifPresent(
            m ->
                row(
                    md,
                    "levels on: one call per subject (no bulk endpoint) at ≤ 75/s",
                    String.format(
                        Locale.ROOT,
                        "%d calls for %,d subjects in %.0f s (%.1f/s)",
                        m.registryCalls(),
                        m.topics() / SHAPE.topicsPerSubject(),
                        m.registryMillis() / 1000.0,
                        m.registryCalls() * 1000.0 / m.registryMillis()),
                    m.registryCalls() - 1 <= 75.0 * m.registryMillis() / 1000.0));
    if (capped != null) {
      row(
          md,
          "worker heap ≤ 512 MB at "
              + String.format(Locale.ROOT, "%,d", cluster.topics())
              + " topics",
          "the worker jar in its own JVM with -Xmx"
              + HeapCappedWorker.HEAP_CAP_MB
              + "m (levels on) ran "
              + capped.crawls()
              + " crawls "
              + capped.crawlMillis()
              + " ms; GC log: at most "
              + capped.peakBeforeGcMb()
              + " MB in use before a collection, at most "
              + capped.peakAfterGcMb()
              + " MB live after one ("
              + capped.gcs()
              + " collections)",
          capped.peakBeforeGcMb() <= 512);
    }
    md.append(machine.markdown(Bench.COMMAND + " -Dbench.main=" + BigClusterBench.class.getName()));
    Files.createDirectories(results);
    Files.writeString(results.resolve("bigcluster.md"), md.toString());
  }

  /** Topics, partitions and groups: what a per-entity crawler makes one call each for. */
  private static long entities(int topics) {
    return topics + SHAPE.partitionsOf(topics) + topics / SHAPE.topicsPerGroup();
  }

  private static void row(StringBuilder md, String target, String measured, boolean met) {
    md.append("| ")
        .append(target)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }
}
