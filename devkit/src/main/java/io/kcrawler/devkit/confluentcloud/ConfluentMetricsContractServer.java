package io.kcrawler.devkit.confluentcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import io.kcrawler.devkit.contract.Faults;
import io.kcrawler.devkit.contract.Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-process stand-in for Confluent Cloud's Metrics API v2 query endpoint, {@code POST
 * /v2/metrics/cloud/query}, for tests and dev mode. Everything it accepts and answers follows
 * Confluent's API reference (api.telemetry.confluent.cloud/docs, its OpenAPI {@code api.yaml}):
 *
 * <ul>
 *   <li>HTTP Basic auth with a Cloud API key (id as user, secret as password); a cluster-scoped
 *       Kafka key, a wrong secret or none is refused with 401, a key whose owner may not see the
 *       cluster in the query's filter with 403 (the {@code cloud} dataset requires a resource
 *       filter for authorization).
 *   <li>The request body ({@code QueryRequest}): {@code aggregations} (exactly one, {@code metric},
 *       optional {@code agg} SUM/MIN/MAX), {@code group_by}, {@code granularity} (its enum, with
 *       the longest interval each allows), {@code filter} (field EQ/GT/GTE, AND/OR, NOT), {@code
 *       order_by} (only with ALL), {@code intervals} ({@code start/end}, {@code start/duration},
 *       {@code duration/end}), {@code limit} 1–1000 groups (default 100), {@code format}
 *       FLAT/GROUPED. A missing required field, a value outside its enum or range, an unknown field
 *       is 400.
 *   <li>Answers: {@code data} rows ({@code timestamp}, {@code value}, one attribute per {@code
 *       group_by} label; groups in lexicographic order of their labels, points of a group newest
 *       first) and {@code meta.pagination} ({@code page_size}, {@code next_page_token} while more
 *       groups follow). The next page is the same body POSTed with {@code ?page_token=}; a token
 *       used with another body, with {@code granularity: ALL} or after it expired is 400.
 *   <li>Errors: {@code {"errors":[{"status":"…","detail":"…"}]}}; a 429 carries {@code
 *       rateLimit-limit}, {@code rateLimit-remaining} and {@code rateLimit-reset} (seconds until
 *       the window resets).
 * </ul>
 *
 * <p>Data are seeded per cluster, metric, topic and partition as a constant: a gauge's level
 * ({@code retained_bytes}) or a counter's count per minute ({@code received_bytes}, {@code
 * sent_bytes}, {@code received_records}, {@code sent_records}). Grouping sums the series of a group
 * (or takes their MIN/MAX); a gauge is averaged over a bucket's minutes, a counter summed, as the
 * reference says of the two types. A topic never seeded has no rows at all, as one the API has no
 * data for. Not played: the {@code now} keyword in intervals (answered 400 here), the other
 * endpoints and datasets.
 */
public final class ConfluentMetricsContractServer implements AutoCloseable {
  public static final String QUERY_PATH = "/v2/metrics/cloud/query";

  public static final String RETAINED_BYTES = "io.confluent.kafka.server/retained_bytes";
  public static final String RECEIVED_BYTES = "io.confluent.kafka.server/received_bytes";
  public static final String SENT_BYTES = "io.confluent.kafka.server/sent_bytes";
  public static final String RECEIVED_RECORDS = "io.confluent.kafka.server/received_records";
  public static final String SENT_RECORDS = "io.confluent.kafka.server/sent_records";

  /** Metric types, from the metrics' descriptors: gauges average over time, counters sum. */
  private static final Map<String, Boolean> IS_GAUGE =
      Map.of(
          RETAINED_BYTES, true,
          RECEIVED_BYTES, false,
          SENT_BYTES, false,
          RECEIVED_RECORDS, false,
          SENT_RECORDS, false);

  static final String CLUSTER_LABEL = "resource.kafka.id";
  static final String TOPIC_LABEL = "metric.topic";
  static final String PARTITION_LABEL = "metric.partition";
  private static final Set<String> LABELS = Set.of(CLUSTER_LABEL, TOPIC_LABEL, PARTITION_LABEL);

  /** The granularities of the reference and the longest interval each allows (null: any). */
  private static final Map<String, Duration> GRANULARITIES = granularities();

  private static final Set<String> BODY_FIELDS =
      Set.of(
          "aggregations",
          "group_by",
          "granularity",
          "filter",
          "order_by",
          "intervals",
          "limit",
          "format");

  /** {@code limit}'s bounds and default, from the reference's QueryRequest. */
  public static final int MAX_LIMIT = 1000;

  static final int DEFAULT_LIMIT = 100;

  /** The global limit of the reference: 300 requests per IP address and minute. */
  static final int RATE_LIMIT_PER_MINUTE = 300;

  /** What the service answers to a key it cannot authenticate (observed on the live API). */
  static final String INVALID_CREDENTIALS = "Invalid credentials";

  /** What it answers when the filter names no resource the key may see (observed likewise). */
  static final String NOT_AUTHORIZED =
      "Query must filter by at least one of your authorized resources";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectMapper json = JSON;
  private final ContractServer server;
  private final Routes routes =
      new Routes(error(404, "HTTP 404 Not Found"), error(405, "HTTP 405 Method Not Allowed"))
          .on("POST", "/v2/metrics/{dataset}/query", (r, p) -> query(r, p.get("dataset")));

  /** Keys: id → its secret and the clusters its owner may see (null: a cluster-scoped key). */
  private record Key(String secret, Set<String> clusters) {}

  private final Map<String, Key> keys = new ConcurrentHashMap<>();

  /** cluster → metric → (topic, partition) → level (gauge) or count per minute (counter). */
  private final Map<String, Map<String, Map<Series, Double>>> data = new ConcurrentHashMap<>();

  private record Series(String topic, int partition) {}

  private final Faults faults = new Faults();
  private final Faults.Fault rateLimit = faults.add();
  private final Faults.Fault outage = faults.add();
  private final AtomicInteger expiredTokens = new AtomicInteger();

  private ConfluentMetricsContractServer() throws IOException {
    server =
        ContractServer.builder("confluent-metrics-contract")
            .threads(4)
            .onFailure(e -> error(500, "Internal Server Error"))
            .start(this::handle);
  }

  /** Starts a plain-HTTP server on a free loopback port. */
  public static ConfluentMetricsContractServer start() throws IOException {
    return new ConfluentMetricsContractServer();
  }

  /** {@code http://127.0.0.1:port}: the {@code metricsUrl} of a request. */
  public String url() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }

  // ---------------------------------------------------------------- keys

  /** A Cloud API key whose owner has MetricsViewer on {@code clusters}. */
  public void cloudKey(String id, String secret, String... clusters) {
    keys.put(id, new Key(secret, Set.of(clusters)));
  }

  /** A cluster-scoped Kafka API key: the Metrics API refuses it with 401. */
  public void clusterKey(String id, String secret) {
    keys.put(id, new Key(secret, null));
  }

  // ---------------------------------------------------------------- data

  /** {@code retained_bytes} of one partition: constant at {@code bytes}. */
  public void retainedBytes(String cluster, String topic, int partition, long bytes) {
    series(cluster, RETAINED_BYTES).put(new Series(topic, partition), (double) bytes);
  }

  /** A counter metric of one partition: {@code perMinute} counted every minute. */
  public void counter(String cluster, String metric, String topic, int partition, long perMinute) {
    if (Boolean.TRUE.equals(IS_GAUGE.get(metric)) || !IS_GAUGE.containsKey(metric)) {
      throw new IllegalArgumentException("not a counter metric of this stand-in: " + metric);
    }
    series(cluster, metric).put(new Series(topic, partition), (double) perMinute);
  }

  private Map<Series, Double> series(String cluster, String metric) {
    return data.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>())
        .computeIfAbsent(metric, m -> new ConcurrentHashMap<>());
  }

  // ---------------------------------------------------------------- faults

  /**
   * The next {@code n} requests get 429 with the reference's rate-limit headers, {@code
   * rateLimit-reset} saying {@code resetSeconds}; with {@code retryAfter} also a {@code
   * Retry-After} of the same value (the header general HTTP clients know).
   */
  public void rateLimitNext(int n, int resetSeconds, boolean retryAfter) {
    Response answer =
        error(
                429,
                "Too many requests have been made. Please see the documentation for current"
                    + " rate limits.")
            .withHeader("rateLimit-limit", String.valueOf(RATE_LIMIT_PER_MINUTE))
            .withHeader("rateLimit-remaining", "0")
            .withHeader("rateLimit-reset", String.valueOf(resetSeconds));
    rateLimit.arm(
        n, retryAfter ? answer.withHeader("Retry-After", String.valueOf(resetSeconds)) : answer);
  }

  /** The next {@code n} requests fail with {@code status} (500, 502, 503…). */
  public void failNext(int n, int status) {
    outage.arm(n, error(status, "The service is temporarily unavailable"));
  }

  /**
   * The next {@code n} requests that carry a page token are refused with 400 as if it had expired,
   * which the reference warns tokens may do; the client must start the listing over.
   */
  public void expireNextPageTokens(int n) {
    expiredTokens.set(n);
  }

  // ---------------------------------------------------------------- observation

  public List<Request> requests() {
    return server.requests();
  }

  /** Query requests received, retries and refused ones included. */
  public long queryCount() {
    return server.count(r -> r.path().equals(QUERY_PATH));
  }

  public long count(Predicate<Request> which) {
    return server.count(which);
  }

  public void clearRequests() {
    server.clearRequests();
  }

  // ---------------------------------------------------------------- HTTP

  private Response handle(Request r) throws IOException {
    Key key = authenticate(r.header("Authorization"));
    if (key == null || key.clusters() == null) {
      return error(401, INVALID_CREDENTIALS)
          .withHeader("WWW-Authenticate", "Basic realm=\"Confluent Cloud\"");
    }
    Response fault = faults.next();
    if (fault != null) {
      return fault;
    }
    // Which clusters the key may see is checked against the query's filter, in query().
    return routes.handle(r);
  }

  private Key authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    Key key = keys.get(decoded.substring(0, colon));
    return key != null && key.secret().equals(decoded.substring(colon + 1)) ? key : null;
  }

  private Response query(Request r, String dataset) throws IOException {
    String contentType = r.header("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return error(415, "HTTP 415 Unsupported Media Type: the body must be application/json");
    }
    if (!dataset.equals("cloud")) {
      return error(400, "Unknown dataset '" + dataset + "'");
    }
    JsonNode body;
    try {
      body = json.readTree(r.body());
    } catch (JsonProcessingException e) {
      return error(400, "Malformed request body: " + e.getOriginalMessage());
    }
    Query q;
    try {
      q = Query.parse(body);
    } catch (BadRequest e) {
      return error(400, e.getMessage());
    }
    Key key = authenticate(r.header("Authorization"));
    Set<String> named = q.filter == null ? Set.of() : q.filter.clusters();
    if (key == null || named.stream().noneMatch(key.clusters()::contains)) {
      return error(403, NOT_AUTHORIZED);
    }
    List<Group> groups = evaluate(q, named);
    int offset = 0;
    String token = r.param("page_token");
    if (token != null) {
      if (q.groupBy.isEmpty()) {
        return error(400, "Pagination is only supported for requests with group_by");
      }
      if (q.granularity.equals("ALL")) {
        return error(400, "Pagination is not supported with granularity ALL");
      }
      Integer at = readToken(token, body);
      if (at == null || expiredTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return error(400, "Invalid or expired page_token: restart from the first page");
      }
      offset = at;
    }
    int limit =
        q.limit == null ? (q.granularity.equals("ALL") ? MAX_LIMIT : DEFAULT_LIMIT) : q.limit;
    int end = Math.min(groups.size(), offset + limit);
    ObjectNode out = json.createObjectNode();
    ArrayNode rows = out.putArray("data");
    for (Group g : groups.subList(Math.min(offset, groups.size()), end)) {
      if (q.grouped) {
        ObjectNode item = rows.addObject();
        g.labels.forEach(item::put);
        ArrayNode points = item.putArray("points");
        g.points.forEach(p -> point(points.addObject(), p));
      } else {
        for (Point p : g.points) {
          ObjectNode row = rows.addObject();
          row.put("timestamp", p.timestamp.toString());
          g.labels.forEach(row::put);
          number(row, p.value);
        }
      }
    }
    ObjectNode pagination = out.putObject("meta").putObject("pagination");
    pagination.put("page_size", limit);
    if (end < groups.size() && !q.groupBy.isEmpty() && !q.granularity.equals("ALL")) {
      pagination.put("next_page_token", token(body, end));
    }
    return Response.json(200, json.writeValueAsString(out));
  }

  private void point(ObjectNode node, Point p) {
    node.put("timestamp", p.timestamp.toString());
    number(node, p.value);
  }

  private static void number(ObjectNode node, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      node.put("value", (long) v);
    } else {
      node.put("value", v);
    }
  }

  /** Opaque to clients: where the next page starts and which body it belongs to. */
  private static String token(JsonNode body, int offset) {
    String raw = offset + ":" + Integer.toHexString(body.toString().hashCode());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Integer readToken(String token, JsonNode body) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon < 0
          || !raw.substring(colon + 1).equals(Integer.toHexString(body.toString().hashCode()))) {
        return null; // another body: the reference requires it identical across pages
      }
      return Integer.valueOf(raw.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- evaluation

  private record Point(Instant timestamp, double value) {}

  private record Group(Map<String, String> labels, List<Point> points) {}

  /** The query's groups in lexicographic order of their labels, points newest first. */
  private List<Group> evaluate(Query q, Set<String> clusters) {
    List<Bucket> buckets = q.buckets();
    boolean gauge = IS_GAUGE.get(q.metric);
    Map<List<String>, Map<Instant, List<Double>>> byGroup = new TreeMap<>(LEXICOGRAPHIC);
    for (String cluster : clusters) {
      Map<Series, Double> series = data.getOrDefault(cluster, Map.of()).get(q.metric);
      if (series == null) {
        continue;
      }
      for (Map.Entry<Series, Double> s : series.entrySet()) {
        Map<String, String> labels =
            Map.of(
                CLUSTER_LABEL, cluster,
                TOPIC_LABEL, s.getKey().topic(),
                PARTITION_LABEL, String.valueOf(s.getKey().partition()));
        if (q.filter != null && !q.filter.test(labels)) {
          continue;
        }
        List<String> key = q.groupBy.stream().map(labels::get).toList();
        Map<Instant, List<Double>> points = byGroup.computeIfAbsent(key, k -> new HashMap<>());
        for (Bucket b : buckets) {
          double value = gauge ? s.getValue() : s.getValue() * b.minutes;
          points.computeIfAbsent(b.start, t -> new ArrayList<>()).add(value);
        }
      }
    }
    List<Group> groups = new ArrayList<>();
    byGroup.forEach(
        (key, points) -> {
          Map<String, String> labels = new LinkedHashMap<>();
          for (int i = 0; i < q.groupBy.size(); i++) {
            labels.put(q.groupBy.get(i), key.get(i));
          }
          List<Point> list = new ArrayList<>();
          points.forEach((t, values) -> list.add(new Point(t, q.aggregate(values))));
          list.sort(Comparator.comparing(Point::timestamp).reversed());
          groups.add(new Group(labels, list));
        });
    return groups;
  }

  private static final Comparator<List<String>> LEXICOGRAPHIC =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  /** A time bucket: its start and how many minutes of the queried interval it covers. */
  private record Bucket(Instant start, long minutes) {}

  private static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  /** A validated QueryRequest. */
  private static final class Query {
    String metric;
    String agg;
    List<String> groupBy = List.of();
    String granularity;
    Filter filter;
    List<Instant[]> intervals = new ArrayList<>();
    Integer limit;
    boolean grouped;

    static Query parse(JsonNode body) throws BadRequest {
      if (!body.isObject()) {
        throw new BadRequest("The request body must be a JSON object");
      }
      for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!BODY_FIELDS.contains(f)) {
          throw new BadRequest("Unrecognized field \"" + f + "\"");
        }
      }
      Query q = new Query();
      JsonNode aggs = body.get("aggregations");
      if (aggs == null || !aggs.isArray() || aggs.size() != 1) {
        throw new BadRequest("aggregations must hold exactly one aggregation");
      }
      JsonNode agg = aggs.get(0);
      q.metric = text(agg, "metric");
      if (q.metric == null) {
        throw new BadRequest("aggregations[0].metric must not be null");
      }
      if (!IS_GAUGE.containsKey(q.metric)) {
        throw new BadRequest("Unknown metric \"" + q.metric + "\"");
      }
      q.agg = text(agg, "agg");
      if (q.agg != null && !Set.of("SUM", "MIN", "MAX").contains(q.agg)) {
        throw new BadRequest("aggregations[0].agg must be one of SUM, MIN, MAX");
      }
      JsonNode groupBy = body.get("group_by");
      if (groupBy != null) {
        if (!groupBy.isArray()) {
          throw new BadRequest("group_by must be an array of labels");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode l : groupBy) {
          if (!l.isTextual() || !LABELS.contains(l.asText())) {
            throw new BadRequest("Invalid group_by label " + l);
          }
          labels.add(l.asText());
        }
        q.groupBy = List.copyOf(labels);
      }
      q.granularity = text(body, "granularity");
      if (q.granularity == null) {
        throw new BadRequest("granularity must not be null");
      }
      if (!GRANULARITIES.containsKey(q.granularity)) {
        throw new BadRequest("Invalid granularity \"" + q.granularity + "\"");
      }
      JsonNode intervals = body.get("intervals");
      if (intervals == null || !intervals.isArray() || intervals.isEmpty()) {
        throw new BadRequest("intervals must hold at least one interval");
      }
      for (JsonNode i : intervals) {
        Instant[] range = interval(i.asText(""));
        Duration max = GRANULARITIES.get(q.granularity);
        if (max != null && Duration.between(range[0], range[1]).compareTo(max) > 0) {
          throw new BadRequest(
              "Interval " + i.asText() + " is too long for granularity " + q.granularity);
        }
        q.intervals.add(range);
      }
      if (body.has("filter")) {
        q.filter = Filter.parse(body.get("filter"), "filter");
      }
      if (body.has("order_by")) {
        JsonNode orderBy = body.get("order_by");
        if (!q.granularity.equals("ALL")) {
          throw new BadRequest("order_by is only valid with granularity ALL");
        }
        if (!orderBy.isArray() || orderBy.size() != 1) {
          throw new BadRequest("order_by must hold one item");
        }
      }
      if (body.has("limit")) {
        JsonNode limit = body.get("limit");
        if (!limit.isInt() || limit.asInt() < 1 || limit.asInt() > MAX_LIMIT) {
          throw new BadRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        if (q.groupBy.isEmpty()) {
          throw new BadRequest("limit is only supported with a non-empty group_by");
        }
        q.limit = limit.asInt();
      }
      String format = text(body, "format");
      if (format != null && !format.equals("FLAT") && !format.equals("GROUPED")) {
        throw new BadRequest("format must be FLAT or GROUPED");
      }
      q.grouped = "GROUPED".equals(format);
      if (q.grouped && q.groupBy.isEmpty()) {
        throw new BadRequest("format GROUPED is only allowed with a non-empty group_by");
      }
      return q;
    }

    double aggregate(List<Double> values) {
      return switch (agg == null ? "SUM" : agg) {
        case "MIN" -> values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        case "MAX" -> values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        default -> values.stream().mapToDouble(Double::doubleValue).sum();
      };
    }

    /** Buckets aligned to UTC boundaries; ALL is one bucket over every interval. */
    List<Bucket> buckets() {
      List<Bucket> out = new ArrayList<>();
      if (granularity.equals("ALL")) {
        long minutes = 0;
        Instant first = null;
        for (Instant[] i : intervals) {
          minutes += Duration.between(i[0], i[1]).toMinutes();
          first = first == null || i[0].isBefore(first) ? i[0] : first;
        }
        out.add(new Bucket(first, minutes));
        return out;
      }
      Duration step = Duration.parse(granularity.replace("P1D", "PT24H"));
      for (Instant[] i : intervals) {
        long stepSeconds = step.getSeconds();
        Instant start =
            Instant.ofEpochSecond(Math.floorDiv(i[0].getEpochSecond(), stepSeconds) * stepSeconds);
        for (Instant b = start; b.isBefore(i[1]); b = b.plus(step)) {
          Instant from = b.isBefore(i[0]) ? i[0] : b;
          Instant to = b.plus(step).isAfter(i[1]) ? i[1] : b.plus(step);
          long minutes = Duration.between(from, to).toMinutes();
          if (minutes > 0) {
            out.add(new Bucket(b, minutes));
          }
        }
      }
      return out;
    }

    private static Instant[] interval(String text) throws BadRequest {
      if (text.contains("now")) {
        throw new BadRequest("This stand-in plays absolute intervals only; got \"" + text + "\"");
      }
      String[] parts = text.split("/", -1);
      if (parts.length != 2) {
        throw new BadRequest("Invalid interval \"" + text + "\"");
      }
      try {
        Instant start;
        Instant end;
        if (parts[0].startsWith("P")) {
          end = Instant.parse(parts[1]);
          start = end.minus(Duration.parse(parts[0]));
        } else if (parts[1].startsWith("P")) {
          start = Instant.parse(parts[0]);
          end = start.plus(Duration.parse(parts[1]));
        } else {
          start = Instant.parse(parts[0]);
          end = Instant.parse(parts[1]);
        }
        if (!end.isAfter(start)) {
          throw new BadRequest("Interval \"" + text + "\" ends before it starts");
        }
        return new Instant[] {
          start.truncatedTo(ChronoUnit.MINUTES), end.truncatedTo(ChronoUnit.MINUTES)
        };
      } catch (DateTimeParseException e) {
        throw new BadRequest("Invalid interval \"" + text + "\": " + e.getMessage());
      }
    }
  }

  /** The reference's Filter: a field filter, AND/OR of filters, or NOT of one. */
  private interface Filter {
    boolean test(Map<String, String> labels);

    /** The clusters named by an EQ on resource.kafka.id that every match must satisfy. */
    Set<String> clusters();

    static Filter parse(JsonNode f, String at) throws BadRequest {
      String op = text(f, "op");
      if (op == null) {
        throw new BadRequest(at + ".op must not be null");
      }
      switch (op) {
        case "EQ", "GT", "GTE" -> {
          String field = text(f, "field");
          JsonNode value = f.get("value");
          if (field == null || !LABELS.contains(field)) {
            throw new BadRequest(at + ".field must be a label, got " + f.get("field"));
          }
          if (value == null || !(value.isTextual() || value.isInt())) {
            throw new BadRequest(at + ".value must be a string or an integer");
          }
          String v = value.asText();
          return new Filter() {
            @Override
            public boolean test(Map<String, String> labels) {
              int c = labels.get(field).compareTo(v);
              return switch (op) {
                case "EQ" -> c == 0;
                case "GT" -> c > 0;
                default -> c >= 0;
              };
            }

            @Override
            public Set<String> clusters() {
              return op.equals("EQ") && field.equals(CLUSTER_LABEL) ? Set.of(v) : Set.of();
            }
          };
        }
        case "AND", "OR" -> {
          JsonNode list = f.get("filters");
          if (list == null || !list.isArray()) {
            throw new BadRequest(at + ".filters must be an array");
          }
          List<Filter> filters = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            filters.add(parse(list.get(i), at + ".filters[" + i + "]"));
          }
          boolean and = op.equals("AND");
          return new Filter() {
            @Override
            public boolean test(Map<String, String> labels) {
              return and
                  ? filters.stream().allMatch(x -> x.test(labels))
                  : filters.stream().anyMatch(x -> x.test(labels));
            }

            @Override
            public Set<String> clusters() {
              Set<String> all = new java.util.TreeSet<>();
              if (and) {
                filters.forEach(x -> all.addAll(x.clusters()));
              } else {
                // Every branch must name clusters for the query to be scoped to them.
                for (Filter x : filters) {
                  if (x.clusters().isEmpty()) {
                    return Set.of();
                  }
                  all.addAll(x.clusters());
                }
              }
              return all;
            }
          };
        }
        case "NOT" -> {
          if (!f.has("filter")) {
            throw new BadRequest(at + ".filter must not be null");
          }
          Filter inner = parse(f.get("filter"), at + ".filter");
          return new Filter() {
            @Override
            public boolean test(Map<String, String> labels) {
              return !inner.test(labels);
            }

            @Override
            public Set<String> clusters() {
              return Set.of();
            }
          };
        }
        default -> throw new BadRequest(at + ".op \"" + op + "\" is not a filter operator");
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Map<String, Duration> granularities() {
    Map<String, Duration> g = new LinkedHashMap<>();
    g.put("PT1M", Duration.ofHours(6));
    g.put("PT5M", Duration.ofDays(1));
    g.put("PT15M", Duration.ofDays(4));
    g.put("PT30M", Duration.ofDays(7));
    for (String any : List.of("PT1H", "PT4H", "PT6H", "PT12H", "P1D", "ALL")) {
      g.put(any, null);
    }
    return java.util.Collections.unmodifiableMap(g);
  }

  /** The reference's error body: {@code {"errors":[{"status":"…","detail":"…"}]}}. */
  static Response error(int status, String detail) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode e = body.putArray("errors").addObject();
    e.put("status", String.valueOf(status));
    e.put("detail", detail);
    try {
      return Response.json(status, JSON.writeValueAsString(body));
    } catch (JsonProcessingException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }
}
