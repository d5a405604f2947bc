package io.kcrawler.activities.confluentcloud;

import static io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer.RECEIVED_BYTES;
import static io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer.RECEIVED_RECORDS;
import static io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer.SENT_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.confluentcloud.ConfluentMetricsContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.model.ConfluentCloudConfig;
import io.kcrawler.model.kafka.TopicActivity;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Topic sizes and activity read from a local server that answers as Confluent's Metrics API
 * reference documents ({@link ConfluentMetricsContractServer}): request bodies, {@code data} rows,
 * {@code meta.pagination.next_page_token} over three pages, 429 with the reference's rate-limit
 * headers or {@code Retry-After}, 5xx, an expired page token, and 401/403 reported as denied while
 * nothing fails.
 */
class ConfluentMetricsContractTest {
  static final String BIG = "lkc-big";
  static final String SMALL = "lkc-small";
  static final String KEY = "CLOUDKEY1";
  static final String SECRET = "cl0ud-s3cr3t-never-logged";
  static final ObjectMapper JSON = new ObjectMapper();

  /** 2,100 topics: three pages of the reference's largest limit, 1,000 groups. */
  static final int TOPICS = 2_100;

  /** 10:07 UTC: windows end at 10:00 (activity, whole hours) and 10:00 (sizes, 5 minutes). */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:07:30Z"), ZoneOffset.UTC);

  static ConfluentMetricsContractServer api;
  static final HttpClient HTTP = ConfluentMetricsApi.newHttpClient();
  final AtomicInteger keepAlives = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    api = ConfluentMetricsContractServer.start();
    api.cloudKey(KEY, SECRET, BIG, SMALL);
    api.cloudKey("NOROLEKEY", "no-role-secret");
    api.clusterKey("KAFKAKEY", "kafka-secret");
    for (int i = 0; i < TOPICS; i++) {
      String topic = topic(i);
      for (int p = 0; p < partitions(i); p++) {
        api.retainedBytes(BIG, topic, p, 1_000L * (i + 1) + p);
        // Every third topic idle: its counters report 0 each minute.
        long perMinute = i % 3 == 0 ? 0 : 10 + p;
        api.counter(BIG, RECEIVED_BYTES, topic, p, perMinute);
        api.counter(BIG, RECEIVED_RECORDS, topic, p, perMinute / 10);
        api.counter(BIG, SENT_BYTES, topic, p, 2 * perMinute);
      }
    }
    // A topic of another cluster under the same name must not leak into BIG's results.
    api.retainedBytes("lkc-elsewhere", topic(0), 0, 999_999);
    api.retainedBytes(SMALL, "orders", 0, 300);
    api.retainedBytes(SMALL, "orders", 1, 200);
    // Known to the API (it has a size) but no counter rows at all: counted nothing.
    api.retainedBytes(SMALL, "quiet", 0, 42);
    api.counter(SMALL, RECEIVED_BYTES, "orders", 0, 5);
    api.counter(SMALL, RECEIVED_RECORDS, "orders", 0, 1);
    api.counter(SMALL, SENT_BYTES, "orders", 1, 7);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.clearRequests();
  }

  static String topic(int i) {
    return String.format("topic-%05d", i);
  }

  static int partitions(int i) {
    return 1 + i % 3;
  }

  static long expectedSize(int i) {
    long sum = 0;
    for (int p = 0; p < partitions(i); p++) {
      sum += 1_000L * (i + 1) + p;
    }
    return sum;
  }

  static ConfluentMetricsApi.Settings fast() {
    return ConfluentMetricsApi.Settings.defaults()
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  TopicMetrics metrics(
      String cluster, String key, String secretRef, ConfluentMetricsApi.Settings s) {
    return new TopicMetrics(
        new ConfluentCloudConfig(cluster, key, null, secretRef, api.url(), "env-test"),
        new EnvFileSecretResolver(
            Map.of(
                "CC_SECRET", SECRET,
                "NOROLE_SECRET", "no-role-secret",
                "KAFKA_SECRET", "kafka-secret")),
        HTTP,
        s,
        JSON,
        keepAlives::incrementAndGet,
        CLOCK);
  }

  TopicMetrics.Result small(ConfluentMetricsApi.Settings s) throws InterruptedException {
    return metrics(SMALL, KEY, "env:CC_SECRET", s)
        .start(Set.of("orders", "quiet", "too-new"))
        .await();
  }

  @Test
  void
      givenThreePagesOfTopics_whenFetched_thenEachTopicHasItsPartitionsSumWithOneQueryPerMetricPerPage()
          throws Exception {
    Set<String> crawled = new HashSet<>();
    for (int i = 0; i < TOPICS; i++) {
      crawled.add(topic(i));
    }
    crawled.add("created-a-minute-ago");

    TopicMetrics.Result r = metrics(BIG, KEY, "env:CC_SECRET", fast()).start(crawled).await();

    assertThat(r.denied()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.sizes()).hasSize(TOPICS);
    for (int i = 0; i < TOPICS; i++) {
      assertThat(r.sizes().get(topic(i))).as(topic(i)).isEqualTo(expectedSize(i));
    }
    // Unknown to the API: no size rather than 0, and no activity.
    assertThat(r.sizes()).doesNotContainKey("created-a-minute-ago");
    assertThat(r.activity()).doesNotContainKey("created-a-minute-ago");
    assertThat(r.unknownTopics()).isEqualTo(1);

    TopicActivity idle = r.activity().get(topic(0));
    assertThat(idle.idle()).isTrue();
    assertThat(idle.window()).isEqualTo("2026-11-19T10:00:00Z/2026-11-20T10:00:00Z");
    TopicActivity busy = r.activity().get(topic(2)); // three partitions: 10, 11, 12 per minute
    assertThat(busy.receivedBytes()).isEqualTo(33L * 60 * 24);
    assertThat(busy.receivedRecords()).isEqualTo(3L * 60 * 24);
    assertThat(busy.sentBytes()).isEqualTo(66L * 60 * 24);
    assertThat(busy.idle()).isFalse();
    assertThat(r.idleTopics()).isEqualTo(TOPICS / 3);

    // Four metrics × three pages; never one query per topic.
    assertThat(r.requests()).isEqualTo(12);
    List<Request> requests = api.requests();
    assertThat(requests).hasSize(12);
    assertThat(requests)
        .allSatisfy(
            q -> {
              assertThat(q.method()).isEqualTo("POST");
              assertThat(q.path()).isEqualTo("/v2/metrics/cloud/query");
              assertThat(q.header("Authorization"))
                  .isEqualTo(ConfluentMetricsApi.basicAuth(KEY, SECRET));
              assertThat(q.header("Content-Type")).startsWith("application/json");
            });
    assertThat(requests.stream().filter(q -> q.param("page_token") != null)).hasSize(8);
    for (String metric : TopicMetrics.METRICS) {
      List<JsonNode> bodies =
          requests.stream()
              .map(q -> read(q.body()))
              .filter(b -> b.at("/aggregations/0/metric").asText().equals(metric))
              .toList();
      assertThat(bodies).as(metric).hasSize(3);
      // Pagination requires the very same body on every page.
      assertThat(bodies.stream().distinct()).hasSize(1);
      JsonNode body = bodies.get(0);
      assertThat(body.get("aggregations")).hasSize(1);
      assertThat(body.at("/aggregations/0/agg").isMissingNode()).isTrue();
      assertThat(body.at("/filter/field").asText()).isEqualTo("resource.kafka.id");
      assertThat(body.at("/filter/op").asText()).isEqualTo("EQ");
      assertThat(body.at("/filter/value").asText()).isEqualTo(BIG);
      assertThat(body.get("group_by"))
          .containsExactly(JSON.getNodeFactory().textNode("metric.topic"));
      assertThat(body.get("limit").asInt()).isEqualTo(1000);
      assertThat(body.get("intervals")).hasSize(1);
      assertThat(body.get("intervals").get(0).asText()).doesNotContain("now");
    }
    JsonNode size =
        requests.stream()
            .map(q -> read(q.body()))
            .filter(b -> b.at("/aggregations/0/metric").asText().endsWith("retained_bytes"))
            .findFirst()
            .orElseThrow();
    assertThat(size.get("granularity").asText()).isEqualTo("PT5M");
    assertThat(size.at("/intervals/0").asText())
        .isEqualTo("2026-11-20T09:45:00Z/2026-11-20T10:00:00Z");
  }

  @Test
  void givenAKnownTopicWithoutCounterRows_whenFetched_thenItCountedNothing() throws Exception {
    TopicMetrics.Result r = small(fast());

    assertThat(r.sizes()).containsOnly(Map.entry("orders", 500L), Map.entry("quiet", 42L));
    assertThat(r.activity().get("quiet").idle()).isTrue();
    assertThat(r.activity().get("orders").receivedBytes()).isEqualTo(5L * 60 * 24);
    assertThat(r.activity().get("orders").sentBytes()).isEqualTo(7L * 60 * 24);
    assertThat(r.unknownTopics()).isEqualTo(1);
    assertThat(r.requests()).isEqualTo(4);
  }

  @Test
  void givenA429WithTheReferenceRateLimitHeaders_whenFetched_thenItWaitsRateLimitResetAndGoesOn()
      throws Exception {
    api.rateLimitNext(1, 1, false);
    long t0 = System.nanoTime();

    TopicMetrics.Result r = small(fast());

    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(r.sizes()).containsEntry("orders", 500L);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.requests()).isEqualTo(5);
    assertThat(keepAlives.get()).as("the wait heartbeats").isPositive();
  }

  @Test
  void givenA429WithRetryAfter_whenFetched_thenRetryAfterIsHonoured() throws Exception {
    api.rateLimitNext(2, 1, true);
    long t0 = System.nanoTime();

    TopicMetrics.Result r = small(fast());

    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(r.sizes()).containsEntry("orders", 500L);
    assertThat(r.requests()).isEqualTo(6);
  }

  @Test
  void givenRetryAfterAndRateLimitReset_whenWaiting_thenRetryAfterWinsAndTheCapHolds() {
    ConfluentMetricsApi client =
        new ConfluentMetricsApi(
            java.net.URI.create(api.url()),
            HTTP,
            "Basic x",
            fast().withMaxAttempts(3),
            JSON,
            () -> {});
    var both =
        java.net.http.HttpHeaders.of(
            Map.of("Retry-After", List.of("2"), "rateLimit-reset", List.of("30")), (k, v) -> true);
    var resets =
        java.net.http.HttpHeaders.of(Map.of("rateLimit-reset", List.of("3", "9")), (k, v) -> true);
    var tooLong =
        java.net.http.HttpHeaders.of(Map.of("Retry-After", List.of("3600")), (k, v) -> true);

    assertThat(client.rateLimitWait(both, 1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(client.rateLimitWait(resets, 1)).isEqualTo(Duration.ofSeconds(9));
    assertThat(client.rateLimitWait(tooLong, 1)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void given5xx_whenFetched_thenRetriedWithBackoffAndComplete() throws Exception {
    api.failNext(2, 503);

    TopicMetrics.Result r = small(fast());

    assertThat(r.warnings()).isEmpty();
    assertThat(r.sizes()).containsEntry("orders", 500L);
    assertThat(r.requests()).isEqualTo(6);
  }

  @Test
  void givenTheApiStaysDown_whenFetched_thenAWarningAndNoSizesButNoFailure() throws Exception {
    api.failNext(1_000, 500);
    try {
      TopicMetrics.Result r = small(fast().withMaxAttempts(3));

      assertThat(r.sizes()).isEmpty();
      assertThat(r.activity()).isEmpty();
      assertThat(r.denied()).isEmpty();
      assertThat(r.warnings())
          .singleElement()
          .satisfies(
              w ->
                  assertThat(w)
                      .contains("topic sizes and 24 h activity are missing")
                      .contains("HTTP 500")
                      .contains("after 3 attempts"));
      assertThat(r.requests()).isEqualTo(4 * 3);
    } finally {
      api.failNext(0, 500);
    }
  }

  @Test
  void givenAnExpiredPageToken_whenFetched_thenTheListingStartsOverAndIsNotCountedTwice()
      throws Exception {
    Set<String> crawled = new HashSet<>();
    for (int i = 0; i < TOPICS; i++) {
      crawled.add(topic(i));
    }
    api.expireNextPageTokens(1);

    TopicMetrics.Result r =
        metrics(BIG, KEY, "env:CC_SECRET", fast().withPageLimit(1000)).start(crawled).await();

    assertThat(r.warnings()).isEmpty();
    for (int i = 0; i < TOPICS; i += 97) {
      assertThat(r.sizes().get(topic(i))).isEqualTo(expectedSize(i));
    }
    TopicActivity busy = r.activity().get(topic(2));
    assertThat(busy.receivedBytes()).isEqualTo(33L * 60 * 24);
    // One query's second page was refused: it read its first page again, then on to the end.
    assertThat(r.requests()).isEqualTo(12 + 2);
  }

  @Test
  void givenAClusterScopedKafkaKey_whenFetched_then401IsDeniedNamingTheKeyAndNothingFails()
      throws Exception {
    TopicMetrics.Result r =
        metrics(SMALL, "KAFKAKEY", "env:KAFKA_SECRET", fast()).start(Set.of("orders")).await();

    assertThat(r.sizes()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.denied())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.operation()).isEqualTo("authenticate");
              assertThat(d.resource()).contains("key KAFKAKEY").contains("env:KAFKA_SECRET");
              assertThat(d.consequence())
                  .contains("topic sizes and 24 h activity are missing")
                  .contains("HTTP 401")
                  .contains("Cloud API key")
                  .doesNotContain("kafka-secret");
            });
    // A 401 is not retried: one request per metric.
    assertThat(r.requests()).isEqualTo(4);
  }

  @Test
  void givenAKeyWithoutMetricsViewerOnTheCluster_whenFetched_then403IsDeniedAsMetricsViewer()
      throws Exception {
    TopicMetrics.Result r =
        metrics(SMALL, "NOROLEKEY", "env:NOROLE_SECRET", fast()).start(Set.of("orders")).await();

    assertThat(r.sizes()).isEmpty();
    assertThat(r.denied())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.operation()).isEqualTo("MetricsViewer");
              assertThat(d.resource()).contains(SMALL).contains("key NOROLEKEY");
              assertThat(d.consequence()).contains("HTTP 403");
            });
  }

  @Test
  void givenAnUnresolvableSecretReference_whenFetched_thenAWarningNamesTheFieldAndNothingIsSent()
      throws Exception {
    TopicMetrics.Result r =
        metrics(SMALL, KEY, "env:NOT_SET_ANYWHERE", fast()).start(Set.of("orders")).await();

    assertThat(r.requests()).isZero();
    assertThat(api.queryCount()).isZero();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w).contains("confluentCloud.apiSecretRef"));
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
