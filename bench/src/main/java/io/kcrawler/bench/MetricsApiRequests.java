package io.kcrawler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.confluentcloud.ConfluentMetricsApi;
import io.kcrawler.activities.confluentcloud.TopicMetrics;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer;
import io.kcrawler.model.ConfluentCloudConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Requests the Confluent Cloud Metrics API costs a crawl (issue 15): topic sizes and 24 h activity
 * for 1,000 to 50,000 topics against the Metrics API stand-in (2 partitions a topic), counted at
 * the server. They grow with pages of 1,000 topics, four metrics, never with topics one by one.
 * Writes {@code confluent-metrics.md} in {@code bench.results} (default {@code bench/results}).
 */
public final class MetricsApiRequests {
  private static final String CLUSTER = "lkc-bench";

  private MetricsApiRequests() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(System.getProperty("bench.results", "bench/results"));
    StringBuilder md = new StringBuilder();
    md.append("# Confluent Cloud Metrics API: requests per crawl\n\n")
        .append("Topic sizes (`retained_bytes`) and 24 h activity (`received_bytes`,")
        .append(" `received_records`, `sent_bytes`) for every crawled topic, read from the Metrics")
        .append(" API stand-in (`ConfluentMetricsContractServer`, 2 partitions a topic, loopback),")
        .append(
            " counted at the server. Run: `MetricsApiRequests` in `bench/` (see its Javadoc).\n\n")
        .append("| topics | requests | per metric | topics sized | wall (ms) |\n")
        .append("|---:|---:|---:|---:|---:|\n");
    for (int topics : new int[] {1_000, 10_000, 50_000}) {
      try (ConfluentMetricsContractServer api = ConfluentMetricsContractServer.start()) {
        api.cloudKey("KEY", "secret", CLUSTER);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < topics; i++) {
          String topic = String.format("topic-%05d", i);
          names.add(topic);
          for (int p = 0; p < 2; p++) {
            api.retainedBytes(CLUSTER, topic, p, 1_000L + i);
            api.counter(CLUSTER, ConfluentMetricsContractServer.RECEIVED_BYTES, topic, p, 10);
            api.counter(CLUSTER, ConfluentMetricsContractServer.RECEIVED_RECORDS, topic, p, 1);
            api.counter(CLUSTER, ConfluentMetricsContractServer.SENT_BYTES, topic, p, 20);
          }
        }
        TopicMetrics metrics =
            new TopicMetrics(
                new ConfluentCloudConfig(CLUSTER, "KEY", null, "env:S", api.url(), "bench"),
                new EnvFileSecretResolver(Map.of("S", "secret")),
                ConfluentMetricsApi.newHttpClient(),
                ConfluentMetricsApi.Settings.defaults(),
                new ObjectMapper(),
                () -> {},
                Clock.systemUTC());
        long started = System.nanoTime();
        TopicMetrics.Result r;
        try (TopicMetrics.Fetch fetch = metrics.start(names)) {
          r = fetch.await();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        long requests = api.queryCount();
        md.append(
            String.format(
                "| %,d | %d | %d | %,d | %,d |%n",
                topics, requests, requests / 4, r.sizes().size(), ms));
        System.out.printf(
            "%d topics: %d requests, %d sized, %d ms%n", topics, requests, r.sizes().size(), ms);
      }
    }
    md.append(
        "\nFour queries (one per metric), each paged by 1,000 topics (the API's largest `limit`):"
            + " requests = 4 × ⌈topics / 1,000⌉, whatever the partition count. Confluent allows 300"
            + " requests a minute per key, so even 50,000 topics stay far inside it.\n");
    Files.createDirectories(out);
    Files.writeString(out.resolve("confluent-metrics.md"), md.toString());
  }
}
