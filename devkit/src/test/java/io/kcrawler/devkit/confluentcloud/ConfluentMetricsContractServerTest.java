package io.kcrawler.devkit.confluentcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stand-in over real HTTP, against the Metrics API reference: it answers a documented query
 * with {@code data} rows and {@code meta.pagination}, and refuses what the API refuses, with the
 * status and the {@code {"errors":[{"status","detail"}]}} body.
 */
class ConfluentMetricsContractServerTest {
  static final String CLUSTER = "lkc-abc123";
  static final String KEY = "CLOUDKEY";
  static final String SECRET = "cloud-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  static ConfluentMetricsContractServer api;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    api = ConfluentMetricsContractServer.start();
    api.cloudKey(KEY, SECRET, CLUSTER);
    api.cloudKey("OTHERKEY", "other-secret", "lkc-other");
    api.clusterKey("KAFKAKEY", "kafka-secret");
    for (String topic : List.of("alpha", "beta", "gamma")) {
      api.retainedBytes(CLUSTER, topic, 0, 100);
      api.retainedBytes(CLUSTER, topic, 1, 50);
      api.counter(CLUSTER, ConfluentMetricsContractServer.RECEIVED_BYTES, topic, 0, 2);
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static ObjectNode query(String metric, String granularity, String interval) {
    ObjectNode q = JSON.createObjectNode();
    q.putArray("aggregations").addObject().put("metric", metric);
    q.putObject("filter").put("field", "resource.kafka.id").put("op", "EQ").put("value", CLUSTER);
    q.put("granularity", granularity);
    q.putArray("group_by").add("metric.topic");
    q.putArray("intervals").add(interval);
    q.put("limit", 2);
    return q;
  }

  static ObjectNode sizes() {
    return query(
        ConfluentMetricsContractServer.RETAINED_BYTES,
        "PT5M",
        "2026-11-20T10:00:00Z/2026-11-20T10:15:00Z");
  }

  HttpResponse<String> post(String auth, String contentType, String body, String pageToken)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    api.url()
                        + ConfluentMetricsContractServer.QUERY_PATH
                        + (pageToken == null ? "" : "?page_token=" + pageToken)))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(JsonNode body, String pageToken) throws Exception {
    return post(basic(KEY, SECRET), "application/json", body.toString(), pageToken);
  }

  static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void givenADocumentedQuery_whenPaged_thenRowsAreSummedPerTopicAndPagesFollowTheToken()
      throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      HttpResponse<String> r = post(sizes(), token);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = JSON.readTree(r.body());
      page.get("data").forEach(rows::add);
      assertThat(page.at("/meta/pagination/page_size").asInt()).isEqualTo(2);
      token = page.at("/meta/pagination/next_page_token").asText(null);
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(2);
    // Three 5-minute buckets per topic, newest first, both partitions summed.
    assertThat(rows).hasSize(9);
    assertThat(rows).allSatisfy(r -> assertThat(r.get("value").asLong()).isEqualTo(150));
    assertThat(rows.stream().map(r -> r.get("metric.topic").asText()).distinct())
        .containsExactly("alpha", "beta", "gamma");
    assertThat(rows.get(0).get("timestamp").asText()).isEqualTo("2026-11-20T10:10:00Z");
    assertThat(rows.get(2).get("timestamp").asText()).isEqualTo("2026-11-20T10:00:00Z");
  }

  @Test
  void givenACounter_whenQueriedHourly_thenEachBucketCountsItsMinutes() throws Exception {
    ObjectNode q =
        query(
            ConfluentMetricsContractServer.RECEIVED_BYTES,
            "PT1H",
            "2026-11-19T10:00:00Z/2026-11-20T10:00:00Z");
    q.put("limit", 1000);
    JsonNode page = JSON.readTree(post(q, null).body());

    assertThat(page.get("data")).hasSize(3 * 24);
    assertThat(page.get("data"))
        .allSatisfy(r -> assertThat(r.get("value").asLong()).isEqualTo(2 * 60));
    assertThat(page.at("/meta/pagination/next_page_token").isMissingNode()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no granularity | granularity",
        "granularity outside the enum | granularity=PT2M",
        "no intervals | intervals",
        "interval too long for PT1M | intervals=2026-11-19T00:00:00Z/2026-11-20T00:00:00Z",
        "two aggregations | aggregations+",
        "unknown metric | metric=io.confluent.kafka.server/bytes_in_total",
        "agg outside the enum | agg=AVG",
        "limit above 1000 | limit=1001",
        "limit below 1 | limit=0",
        "order_by without ALL | order_by",
        "unknown field | groupBy",
        "group_by label unknown | group_by=topic",
      })
  void givenABodyTheReferenceDoesNotAllow_whenPosted_then400WithTheErrorsBody(
      String why, String change) throws Exception {
    ObjectNode q = sizes();
    mutate(q, change);

    HttpResponse<String> r = post(q, null);

    assertThat(r.statusCode()).as(why + ": " + r.body()).isEqualTo(400);
    assertErrorsBody(r, 400);
  }

  private static void mutate(ObjectNode q, String change) {
    String[] kv = change.split("=", 2);
    Consumer<ObjectNode> edit =
        switch (kv[0]) {
          case "granularity" ->
              x -> {
                if (kv.length == 1) {
                  x.remove("granularity");
                } else {
                  x.put("granularity", kv[1]);
                }
              };
          case "intervals" ->
              x -> {
                if (kv.length == 1) {
                  x.remove("intervals");
                } else {
                  x.put("granularity", "PT1M");
                  x.putArray("intervals").add(kv[1]);
                }
              };
          case "aggregations+" ->
              x ->
                  ((com.fasterxml.jackson.databind.node.ArrayNode) x.get("aggregations"))
                      .addObject()
                      .put("metric", ConfluentMetricsContractServer.SENT_BYTES);
          case "metric" -> x -> ((ObjectNode) x.get("aggregations").get(0)).put("metric", kv[1]);
          case "agg" -> x -> ((ObjectNode) x.get("aggregations").get(0)).put("agg", kv[1]);
          case "limit" -> x -> x.put("limit", Integer.parseInt(kv[1]));
          case "order_by" ->
              x ->
                  x.putArray("order_by")
                      .addObject()
                      .put("metric", ConfluentMetricsContractServer.RETAINED_BYTES);
          case "group_by" -> x -> x.putArray("group_by").add(kv[1]);
          default -> x -> x.put(kv[0], "x");
        };
    edit.accept(q);
  }

  @Test
  void givenNoOrAWrongOrAClusterScopedKey_whenPosted_then401() throws Exception {
    for (String auth :
        new String[] {null, basic(KEY, "wrong"), basic("KAFKAKEY", "kafka-secret"), "Bearer x"}) {
      HttpResponse<String> r = post(auth, "application/json", sizes().toString(), null);
      assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
      assertErrorsBody(r, 401);
    }
  }

  @Test
  void givenAKeyNotAuthorizedForTheClusterInTheFilter_whenPosted_then403() throws Exception {
    HttpResponse<String> r =
        post(basic("OTHERKEY", "other-secret"), "application/json", sizes().toString(), null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertErrorsBody(r, 403);
  }

  @Test
  void givenAQueryWithoutAResourceFilter_whenPosted_then403() throws Exception {
    ObjectNode q = sizes();
    q.remove("filter");

    assertThat(post(q, null).statusCode()).isEqualTo(403);
  }

  @Test
  void givenAPageTokenWithAnotherBody_whenPosted_then400() throws Exception {
    String token =
        JSON.readTree(post(sizes(), null).body()).at("/meta/pagination/next_page_token").asText();
    ObjectNode other = sizes();
    other.putArray("intervals").add("2026-11-20T11:00:00Z/2026-11-20T11:15:00Z");

    HttpResponse<String> r = post(other, token);

    assertThat(r.statusCode()).isEqualTo(400);
    assertErrorsBody(r, 400);
  }

  @Test
  void givenABodyThatIsNotJson_whenPosted_then415() throws Exception {
    HttpResponse<String> r = post(basic(KEY, SECRET), "text/plain", sizes().toString(), null);

    assertThat(r.statusCode()).isEqualTo(415);
  }

  @Test
  void givenARateLimit_whenPosted_then429WithTheReferenceHeaders() throws Exception {
    api.rateLimitNext(1, 7, false);

    HttpResponse<String> r = post(sizes(), null);

    assertThat(r.statusCode()).isEqualTo(429);
    assertErrorsBody(r, 429);
    assertThat(r.headers().firstValue("rateLimit-reset")).contains("7");
    assertThat(r.headers().firstValue("rateLimit-remaining")).contains("0");
    assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    assertThat(post(sizes(), null).statusCode()).isEqualTo(200);
  }

  private static void assertErrorsBody(HttpResponse<String> r, int status) throws Exception {
    JsonNode errors = JSON.readTree(r.body()).get("errors");
    assertThat(errors).isNotNull();
    assertThat(errors.get(0).get("status").asText()).isEqualTo(String.valueOf(status));
    assertThat(errors.get(0).get("detail").asText()).isNotBlank();
  }
}
