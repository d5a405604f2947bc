package io.kcrawler.activities.confluentcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.activities.boundary.ActivityFailures;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.ConfluentCloudConfig;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.kafka.TopicActivity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic sizes and the last 24 hours' traffic of a Confluent Cloud cluster, from the Metrics API:
 * one query per metric, grouped by {@code metric.topic} and filtered on the cluster ({@code
 * resource.kafka.id}), each read to its last page; never one query per topic. The API sums a
 * topic's partitions for each time bucket (the aggregation across the labels not grouped by).
 *
 * <p>Sizes are {@code retained_bytes}, a gauge: the newest 5-minute bucket of the last 15 minutes
 * that has the topic. Activity is the counters {@code received_bytes}, {@code received_records} and
 * {@code sent_bytes} summed over the 24 whole hours before the crawl. A topic the API has no rows
 * for (too new, no data) gets neither a size nor activity, rather than 0; a known topic with no
 * rows of a counter counted nothing.
 *
 * <p>Nothing here fails the phase: a 401 or 403 is reported as denied naming the key, any other
 * failure as a warning, and the crawl goes on without what is missing. What kind of failure an
 * error is comes from {@link ActivityFailures}, the one table.
 */
public final class TopicMetrics {
  public static final String RETAINED_BYTES = "io.confluent.kafka.server/retained_bytes";
  public static final String RECEIVED_BYTES = "io.confluent.kafka.server/received_bytes";
  public static final String RECEIVED_RECORDS = "io.confluent.kafka.server/received_records";
  public static final String SENT_BYTES = "io.confluent.kafka.server/sent_bytes";

  /** Every query of a crawl: the size first, then the activity counters. */
  static final List<String> METRICS =
      List.of(RETAINED_BYTES, RECEIVED_BYTES, RECEIVED_RECORDS, SENT_BYTES);

  static final String TOPIC_LABEL = "metric.topic";
  static final String CLUSTER_LABEL = "resource.kafka.id";

  /**
   * The reference says points are queryable about 3 minutes after they are measured: windows end 5
   * minutes before now, so no bucket a query reads is still filling.
   */
  static final Duration DATA_LATENCY = Duration.ofMinutes(5);

  /** Sizes: a gauge, averaged per bucket; three buckets so a topic missing one still has a size. */
  static final String SIZE_GRANULARITY = "PT5M";

  static final Duration SIZE_BUCKET = Duration.ofMinutes(5);
  static final Duration SIZE_WINDOW = Duration.ofMinutes(15);

  /** Activity: whole hours, so the window is exactly the 24 one-hour buckets it holds. */
  static final String ACTIVITY_GRANULARITY = "PT1H";

  static final Duration ACTIVITY_BUCKET = Duration.ofHours(1);

  static final Duration ACTIVITY_WINDOW = Duration.ofHours(24);

  /** The four queries run side by side; the API allows 300 requests a minute per address. */
  static final int PARALLEL_QUERIES = 4;

  /** An operation the key was refused, as the phase reports denied operations. */
  public record Denial(String operation, String resource, String consequence) {}

  /**
   * What the API said about the crawled topics.
   *
   * @param sizes bytes retained per topic; topics without a size are absent
   * @param activity traffic per topic the API knows, when any activity query succeeded
   * @param requests requests sent, retries included
   * @param unknownTopics crawled topics the API had no rows for, when any query succeeded
   */
  public record Result(
      Map<String, Long> sizes,
      Map<String, TopicActivity> activity,
      long requests,
      long unknownTopics,
      List<Denial> denied,
      List<String> warnings) {

    public long idleTopics() {
      return activity.values().stream().filter(a -> Boolean.TRUE.equals(a.idle())).count();
    }
  }

  private final ConfluentCloudConfig config;
  private final SecretResolver secrets;
  private final HttpClient http;
  private final ConfluentMetricsApi.Settings settings;
  private final ObjectMapper mapper;
  private final Runnable keepAlive;
  private final Clock clock;

  public TopicMetrics(
      ConfluentCloudConfig config,
      SecretResolver secrets,
      HttpClient http,
      ConfluentMetricsApi.Settings settings,
      ObjectMapper mapper,
      Runnable keepAlive,
      Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.http = http;
    this.settings = settings;
    this.mapper = mapper;
    this.keepAlive = keepAlive;
    this.clock = clock;
  }

  /**
   * The queries of one crawl, running in the background; {@link #await} collects them, {@link
   * #close} stops those still running (a phase that failed meanwhile).
   */
  public final class Fetch implements AutoCloseable {
    private final Map<String, CompletableFuture<Rows>> queries;
    private final ExecutorService executor;
    private final ConfluentMetricsApi api;
    private final Set<String> topics;
    private final String window;
    private final Result early;

    private Fetch(
        Map<String, CompletableFuture<Rows>> queries,
        ExecutorService executor,
        ConfluentMetricsApi api,
        Set<String> topics,
        String window,
        Result early) {
      this.queries = queries;
      this.executor = executor;
      this.api = api;
      this.topics = topics;
      this.window = window;
      this.early = early;
    }

    /**
     * Waits for every query, keeping the activity alive meanwhile, and tells what they found.
     *
     * @throws InterruptedException when the activity's thread is interrupted while it waits
     */
    public Result await() throws InterruptedException {
      if (early != null) {
        return early;
      }
      CompletableFuture<Void> all =
          CompletableFuture.allOf(queries.values().toArray(CompletableFuture[]::new));
      try {
        while (true) {
          try {
            all.get(1, TimeUnit.SECONDS);
            break;
          } catch (TimeoutException stillRunning) {
            keepAlive.run();
          } catch (ExecutionException failedQuery) {
            break; // each query's outcome is read below
          }
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        throw e;
      }
      executor.shutdown();
      return collect();
    }

    @Override
    public void close() {
      if (executor != null) {
        executor.shutdownNow();
      }
    }

    private Result collect() {
      Map<String, Rows> ok = new LinkedHashMap<>();
      Map<String, Throwable> failed = new LinkedHashMap<>();
      queries.forEach(
          (metric, f) -> {
            try {
              ok.put(metric, f.join());
            } catch (RuntimeException e) {
              failed.put(metric, ActivityFailures.unwrap(e));
            }
          });
      Set<String> known = new HashSet<>();
      ok.values().forEach(r -> known.addAll(r.topics()));
      Map<String, Long> sizes = new HashMap<>();
      Rows retained = ok.get(RETAINED_BYTES);
      if (retained != null) {
        retained.latest.forEach((topic, v) -> sizes.put(topic, Math.round(v[1])));
      }
      Map<String, TopicActivity> activity = new HashMap<>();
      boolean anyActivity =
          ok.containsKey(RECEIVED_BYTES)
              || ok.containsKey(RECEIVED_RECORDS)
              || ok.containsKey(SENT_BYTES);
      if (anyActivity) {
        for (String topic : known) {
          activity.put(
              topic,
              new TopicActivity(
                  window,
                  total(ok.get(RECEIVED_BYTES), topic),
                  total(ok.get(RECEIVED_RECORDS), topic),
                  total(ok.get(SENT_BYTES), topic)));
        }
      }
      List<Denial> denied = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      report(failed, denied, warnings);
      return new Result(
          Map.copyOf(sizes),
          Map.copyOf(activity),
          api.requestCount(),
          ok.isEmpty() ? 0 : topics.size() - known.size(),
          List.copyOf(denied),
          List.copyOf(warnings));
    }
  }

  /** A counter's total for {@code topic}: null when its query failed, 0 when it had no rows. */
  private static Long total(Rows rows, String topic) {
    if (rows == null) {
      return null;
    }
    double[] v = rows.latest.get(topic);
    return v == null ? 0L : Math.round(v[1]);
  }

  /**
   * Starts the four queries for {@code topics} (the crawled ones: rows of other topics are
   * dropped). Resolves the key's references first: one that cannot be resolved is reported like any
   * other failure of the API, and nothing is sent.
   */
  public Fetch start(Set<String> topics) {
    Instant now = clock.instant();
    Instant activityEnd = truncate(now.minus(DATA_LATENCY), ACTIVITY_BUCKET);
    Instant activityStart = activityEnd.minus(ACTIVITY_WINDOW);
    Instant sizeEnd = truncate(now.minus(DATA_LATENCY), SIZE_BUCKET);
    Instant sizeStart = sizeEnd.minus(SIZE_WINDOW);
    String window = activityStart + "/" + activityEnd;
    String authorization;
    try {
      String keyId =
          config.apiKey() != null
              ? config.apiKey()
              : secrets.resolveField("confluentCloud.apiKeyRef", config.apiKeyRef());
      authorization =
          ConfluentMetricsApi.basicAuth(
              keyId, secrets.resolveField("confluentCloud.apiSecretRef", config.apiSecretRef()));
    } catch (RuntimeException unresolvable) {
      List<Denial> denied = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      Map<String, Throwable> all = new LinkedHashMap<>();
      for (String metric : METRICS) {
        all.put(metric, unresolvable);
      }
      report(all, denied, warnings);
      return new Fetch(
          Map.of(),
          null,
          null,
          topics,
          window,
          new Result(Map.of(), Map.of(), 0, 0, denied, warnings));
    }
    ConfluentMetricsApi api =
        new ConfluentMetricsApi(
            URI.create(config.metricsUrlOrDefault()),
            http,
            authorization,
            settings,
            mapper,
            keepAlive);
    if (topics.isEmpty()) {
      return new Fetch(
          Map.of(),
          null,
          api,
          topics,
          window,
          new Result(Map.of(), Map.of(), 0, 0, List.of(), List.of()));
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            PARALLEL_QUERIES,
            r -> {
              Thread t = new Thread(r, "confluent-metrics-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Map<String, CompletableFuture<Rows>> queries = new LinkedHashMap<>();
    queries.put(
        RETAINED_BYTES,
        run(
            api,
            executor,
            topics,
            false,
            query(RETAINED_BYTES, SIZE_GRANULARITY, sizeStart, sizeEnd)));
    for (String counter : METRICS.subList(1, METRICS.size())) {
      queries.put(
          counter,
          run(
              api,
              executor,
              topics,
              true,
              query(counter, ACTIVITY_GRANULARITY, activityStart, activityEnd)));
    }
    return new Fetch(queries, executor, api, topics, window, null);
  }

  private static CompletableFuture<Rows> run(
      ConfluentMetricsApi api,
      ExecutorService executor,
      Set<String> topics,
      boolean sum,
      ObjectNode query) {
    return CompletableFuture.supplyAsync(
        () -> {
          Rows rows = new Rows(topics, sum);
          api.query(query, rows);
          return rows;
        },
        executor);
  }

  /**
   * The request body, in the reference's QueryRequest fields. No {@code agg}: the reference asks
   * clients to leave it out so each metric gets its own aggregation. The intervals are absolute and
   * the body the same for every page, as pagination requires.
   */
  ObjectNode query(String metric, String granularity, Instant start, Instant end) {
    ObjectNode q = mapper.createObjectNode();
    q.putArray("aggregations").addObject().put("metric", metric);
    q.putObject("filter")
        .put("field", CLUSTER_LABEL)
        .put("op", "EQ")
        .put("value", config.clusterId());
    q.put("granularity", granularity);
    q.putArray("group_by").add(TOPIC_LABEL);
    q.putArray("intervals").add(start + "/" + end);
    q.put("limit", settings.pageLimit());
    q.put("format", "FLAT");
    return q;
  }

  private static Instant truncate(Instant t, Duration step) {
    long s = step.getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
  }

  /**
   * One query's rows of the crawled topics: per topic, the newest bucket's value (a gauge) or the
   * sum of its buckets (a counter), as {@code {epoch second, value}}.
   */
  private static final class Rows implements ConfluentMetricsApi.Rows {
    private final Set<String> topics;
    private final boolean sum;
    final Map<String, double[]> latest = new HashMap<>();

    Rows(Set<String> topics, boolean sum) {
      this.topics = topics;
      this.sum = sum;
    }

    Set<String> topics() {
      return latest.keySet();
    }

    @Override
    public void page(List<ConfluentMetricsApi.Point> points) {
      for (ConfluentMetricsApi.Point p : points) {
        String topic = p.labels().get(TOPIC_LABEL);
        if (topic == null || !topics.contains(topic)) {
          continue;
        }
        double at = p.timestamp().getEpochSecond();
        double[] v = latest.get(topic);
        if (v == null) {
          latest.put(topic, new double[] {at, p.value()});
        } else if (sum) {
          v[1] += p.value();
        } else if (at > v[0]) {
          v[0] = at;
          v[1] = p.value();
        }
      }
    }

    @Override
    public void restart() {
      latest.clear();
    }
  }

  /**
   * Failed queries as the phase reports them: a key refused (401, 403) as one denied operation
   * naming the key and what is missing; anything else as a warning per kind of failure.
   */
  private void report(Map<String, Throwable> failed, List<Denial> denied, List<String> warnings) {
    Map<FailureType, List<String>> missing = new LinkedHashMap<>();
    Map<FailureType, Throwable> first = new LinkedHashMap<>();
    failed.forEach(
        (metric, e) -> {
          FailureType type = ActivityFailures.typeOf(e);
          missing.computeIfAbsent(type, t -> new ArrayList<>()).add(metric);
          first.putIfAbsent(type, e);
        });
    missing.forEach(
        (type, metrics) -> {
          String what = missingData(metrics) + " missing";
          String cause = first.get(type).getMessage();
          switch (type) {
            case AUTH_FAILED ->
                denied.add(
                    new Denial(
                        "authenticate",
                        "Confluent Cloud Metrics API with "
                            + config.keyName()
                            + " (secret from "
                            + config.apiSecretRef()
                            + ")",
                        what
                            + " ("
                            + cause
                            + "): use a Cloud API key, cluster-scoped Kafka API keys are refused"));
            case NOT_AUTHORIZED ->
                denied.add(
                    new Denial(
                        "MetricsViewer",
                        "Confluent Cloud cluster "
                            + config.clusterId()
                            + " for "
                            + config.keyName(),
                        what
                            + " ("
                            + cause
                            + "): grant the key's owner the MetricsViewer role on the"
                            + " organization, environment or cluster"));
            default -> warnings.add("Confluent Cloud Metrics API: " + what + ": " + cause);
          }
        });
  }

  private static String missingData(List<String> metrics) {
    boolean sizes = metrics.contains(RETAINED_BYTES);
    List<String> counters =
        metrics.stream()
            .filter(m -> !m.equals(RETAINED_BYTES))
            .map(m -> m.substring(m.indexOf('/') + 1))
            .toList();
    String activity =
        counters.size() == 3
            ? "24 h activity"
            : counters.isEmpty() ? "" : "24 h activity (" + String.join(", ", counters) + ")";
    if (sizes && !activity.isEmpty()) {
      return "topic sizes and " + activity + " are";
    }
    return sizes ? "topic sizes are" : activity + " is";
  }
}
