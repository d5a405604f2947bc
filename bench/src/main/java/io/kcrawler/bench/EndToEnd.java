package io.kcrawler.bench;

import io.kcrawler.activities.catalog.AtlanQualifiedNames;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * End to end: the crawl through Temporal with the real worker publishing to the Atlan contract
 * server (sink type {@code atlan}, each bulk upsert answered in {@code bench.atlan.serviceMs}, 200
 * ms by default, plus the network profile's round trip on every request). Per repetition, on a
 * fresh Atlan connection (a connection id and catalog manifest of its own): a first crawl, a second
 * crawl of the unchanged cluster, and a crawl after the configs of 1% of the topics changed.
 */
final class EndToEnd implements AutoCloseable {
  static final String FIRST = "first crawl";
  static final String UNCHANGED = "second crawl, unchanged";
  static final String CHANGED = "after 1% of topics changed";

  /** Topics whose configs change between the second and the third crawl: one in a hundred. */
  static final int CHANGE_EVERY = 100;

  private static final String TOKEN = "bench-atlan-token";

  /** One end-to-end crawl: its wall time, its publish phase and what reached the tenant. */
  record Run(
      int topics,
      String network,
      String scenario,
      long millis,
      long publishMillis,
      long untilPublishMillis,
      int bulkUpserts,
      long assetsSent,
      long unchangedNotSent,
      List<Long> samples,
      int sequencesRetaken) {}

  private final AtlanContractServer atlan;
  private final TemporalCrawl temporal;
  private final Duration service = Duration.ofMillis(Long.getLong("bench.atlan.serviceMs", 200));
  private final Properties client;
  private long connections;

  EndToEnd(Path dir, Properties client) throws IOException {
    this.client = client;
    atlan = new AtlanContractServer(TOKEN);
    atlan.serviceTime(service);
    temporal =
        new TemporalCrawl(
            dir,
            CatalogSinkConfig.atlan(atlan.baseUrl(), "env:ATLAN_TOKEN"),
            new EnvFileSecretResolver(Map.of("ATLAN_TOKEN", TOKEN)));
  }

  Duration serviceTime() {
    return service;
  }

  /**
   * {@code repeats} sequences of first, unchanged and 1%-changed crawls; the median of each
   * scenario.
   */
  List<Run> run(
      int size,
      NetworkProfile profile,
      String bootstrap,
      String registryUrl,
      boolean levels,
      int repeats,
      Bench.Counts expected)
      throws Exception {
    atlan.latency(profile.roundTrip());
    Map<String, List<Run>> byScenario = new java.util.LinkedHashMap<>();
    int retaken = 0;
    for (int rep = 0; rep < repeats; rep++) {
      List<Run> sequence = new ArrayList<>();
      long n = ++connections;
      String connectionId = "e2e-" + size + "-" + profile.name() + "-" + n;
      String qualifiedName = AtlanQualifiedNames.connection(1_700_000_000L + n);
      atlan.seed("Connection", qualifiedName);
      var request =
          TemporalCrawl.request(connectionId, bootstrap, registryUrl, levels, qualifiedName);
      for (String scenario : List.of(FIRST, UNCHANGED, CHANGED)) {
        if (scenario.equals(CHANGED)) {
          changeConfigs(size, n);
        }
        int posts = atlan.posts();
        TemporalCrawl.Result r = temporal.crawl(connectionId, request);
        long millis = r.millis();
        if (r.summary().status() != CrawlStatus.SUCCEEDED) {
          throw new IllegalStateException("crawl " + connectionId + ": " + r.summary());
        }
        Bench.Counts fetched = Bench.Counts.of(r.summary());
        if (!fetched.equals(expected)) {
          sequence = null;
          System.out.printf(
              "%6d topics %-16s e2e %-28s INCOMPLETE, the sequence is taken again on a fresh"
                  + " connection: fetched %s, the cluster holds %s%n",
              size, profile.label(), scenario, fetched, expected);
          break;
        }
        if (!atlan.refusals().isEmpty() || !atlan.dropped().isEmpty()) {
          throw new IllegalStateException(
              "the tenant refused or dropped: " + atlan.refusals() + " " + atlan.dropped());
        }
        PhaseSummary publish =
            r.summary().phases().stream()
                .filter(p -> p.phase().equals(Phases.PUBLISH))
                .findFirst()
                .orElseThrow();
        Map<String, Long> c = publish.counts();
        long unchanged = c.getOrDefault("unchangedNotSent", 0L);
        Run run =
            new Run(
                size,
                profile.label(),
                scenario,
                millis,
                publish.durationMs(),
                r.timeline() == null ? -1 : r.timeline().untilPublishMillis(),
                atlan.posts() - posts,
                c.getOrDefault("assets", 0L) - unchanged,
                unchanged,
                List.of(millis),
                0);
        System.out.printf(
            "%6d topics %-16s e2e %-28s %7d ms  until publish %6d ms  publish %6d ms  bulk upserts"
                + " %4d  assets sent %6d (unchanged not sent %d)%n",
            size,
            profile.label(),
            scenario,
            millis,
            run.untilPublishMillis(),
            run.publishMillis(),
            run.bulkUpserts(),
            run.assetsSent(),
            unchanged);
        sequence.add(run);
      }
      if (sequence == null && retaken < Bench.MAX_RETAKES) {
        retaken++;
        rep--;
        continue;
      }
      if (sequence != null) {
        sequence.forEach(
            run -> byScenario.computeIfAbsent(run.scenario(), k -> new ArrayList<>()).add(run));
      }
    }
    int sequencesRetaken = retaken;
    List<Run> medians = new ArrayList<>();
    byScenario.values().forEach(tries -> medians.add(median(tries, sequencesRetaken)));
    return medians;
  }

  private static Run median(List<Run> tries, int sequencesRetaken) {
    List<Long> samples = tries.stream().map(Run::millis).toList();
    List<Run> sorted = new ArrayList<>(tries);
    sorted.sort(Comparator.comparingLong(Run::millis));
    Run m = sorted.get(sorted.size() / 2);
    return new Run(
        m.topics(),
        m.network(),
        m.scenario(),
        m.millis(),
        m.publishMillis(),
        m.untilPublishMillis(),
        m.bulkUpserts(),
        m.assetsSent(),
        m.unchangedNotSent(),
        List.copyOf(samples),
        sequencesRetaken);
  }

  /**
   * Sets {@code retention.ms} of every {@value #CHANGE_EVERY}th topic to a value no earlier crawl
   * saw (it is mapped onto the topic asset, so each of those topics is one upsert).
   */
  private void changeConfigs(int size, long round) throws ExecutionException, InterruptedException {
    Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
    for (int i = 0; i < size; i += CHANGE_EVERY) {
      ops.put(
          new ConfigResource(ConfigResource.Type.TOPIC, SyntheticCluster.topic(i)),
          List.of(
              new AlterConfigOp(
                  new ConfigEntry(
                      TopicConfig.RETENTION_MS_CONFIG,
                      String.valueOf(Duration.ofDays(7).toMillis() + round)),
                  AlterConfigOp.OpType.SET)));
    }
    try (Admin admin = Admin.create(client)) {
      admin.incrementalAlterConfigs(ops).all().get();
    }
  }

  @Override
  public void close() {
    temporal.close();
    atlan.close();
  }
}
