package io.kcrawler.activities.confluentcloud;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.activities.boundary.ActivityProgress;
import io.kcrawler.activities.boundary.HttpRetries;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Cloud's Metrics API v2 query endpoint, {@code POST /v2/metrics/cloud/query}, as its API
 * reference describes it: HTTP Basic auth with a Cloud API key, the query as a JSON body, {@code
 * data} rows back, and {@code meta.pagination.next_page_token} followed to the end with the same
 * body and {@code ?page_token=}. How a request travels: 429 waits {@code Retry-After} (or the
 * reference's {@code rateLimit-reset}) on a budget of its own, 5xx, timeouts and I/O errors are
 * retried with capped exponential backoff and jitter, every wait heartbeats; a page token the
 * server no longer takes (400) starts the listing over once. Counts every request, retries
 * included.
 */
public final class ConfluentMetricsApi {
  private static final Logger log = LoggerFactory.getLogger(ConfluentMetricsApi.class);

  /** The query endpoint of the {@code cloud} dataset, relative to the API's root. */
  static final String QUERY_PATH = "v2/metrics/cloud/query";

  /** {@code limit}'s maximum in the reference: groups per page. */
  public static final int MAX_PAGE_LIMIT = 1000;

  /** 429s are the API pacing us, not failing: they get their own, larger budget. */
  static final int MAX_RATE_LIMITED_WAITS = 10;

  /** Pages of one query at most: a guard against a listing that never ends. */
  static final int MAX_PAGES = 10_000;

  /**
   * Tuning of the client; {@link #defaults()} suits Confluent Cloud.
   *
   * @param maxAttempts attempts per request for 5xx, timeouts and I/O errors
   * @param initialBackoff first wait between attempts, doubled each time (with jitter)
   * @param maxBackoff longest wait between attempts
   * @param requestTimeout per-request timeout
   * @param maxRetryAfter the longest one 429 is waited, whatever it asks for
   * @param pageLimit groups per page, at most {@link #MAX_PAGE_LIMIT}
   */
  public record Settings(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration requestTimeout,
      Duration maxRetryAfter,
      int pageLimit) {

    public Settings {
      if (pageLimit < 1 || pageLimit > MAX_PAGE_LIMIT) {
        throw new IllegalArgumentException("pageLimit must be 1-" + MAX_PAGE_LIMIT);
      }
    }

    public static Settings defaults() {
      return new Settings(
          5,
          Duration.ofMillis(500),
          Duration.ofSeconds(8),
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          MAX_PAGE_LIMIT);
    }

    public Settings withBackoff(Duration initial, Duration max) {
      return new Settings(maxAttempts, initial, max, requestTimeout, maxRetryAfter, pageLimit);
    }

    public Settings withMaxAttempts(int attempts) {
      return new Settings(
          attempts, initialBackoff, maxBackoff, requestTimeout, maxRetryAfter, pageLimit);
    }

    public Settings withPageLimit(int limit) {
      return new Settings(
          maxAttempts, initialBackoff, maxBackoff, requestTimeout, maxRetryAfter, limit);
    }
  }

  /** One data row: its time bucket, the aggregated value and its {@code group_by} labels. */
  public record Point(Instant timestamp, double value, Map<String, String> labels) {}

  /** Receives a query's rows, a page at a time; {@link #restart} when the listing starts over. */
  public interface Rows {
    void page(List<Point> points);

    void restart();
  }

  private record Page(List<Point> points, String nextToken) {}

  private final URI base;
  private final HttpClient http;
  private final String authorization;
  private final Settings settings;
  private final ObjectMapper mapper;
  private final Runnable keepAlive;
  private final AtomicLong requests = new AtomicLong();

  /**
   * A client of the API at {@code base} (its root, e.g. {@code
   * https://api.telemetry.confluent.cloud}) sending {@code authorization}; {@code keepAlive} runs
   * during every wait.
   */
  public ConfluentMetricsApi(
      URI base,
      HttpClient http,
      String authorization,
      Settings settings,
      ObjectMapper mapper,
      Runnable keepAlive) {
    String root = base.toString();
    this.base = URI.create(root.endsWith("/") ? root : root + "/");
    this.http = http;
    this.authorization = authorization;
    this.settings = settings;
    this.mapper = mapper;
    this.keepAlive = keepAlive;
  }

  /** A keep-alive client for the API, shared by a worker's crawls. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        // The reference asks clients to follow redirects.
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** The reference's auth: the key id as user, its secret as password. */
  public static String basicAuth(String keyId, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((keyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  public Settings settings() {
    return settings;
  }

  /** Requests sent so far, retries included. */
  public long requestCount() {
    return requests.get();
  }

  /**
   * POSTs {@code query} and then every further page, handing each page's rows to {@code rows}.
   *
   * @throws ConfluentMetricsException when a page cannot be had
   */
  public void query(ObjectNode query, Rows rows) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(query);
    } catch (IOException e) {
      throw new IllegalArgumentException("query is not serializable", e);
    }
    String what = query.path("aggregations").path(0).path("metric").asText("?");
    String token = null;
    boolean restarted = false;
    int pages = 0;
    while (true) {
      Page page;
      try {
        page = post(body, token, what);
      } catch (ConfluentMetricsException e) {
        // The reference: tokens may expire, the API then answers 400 and the client restarts.
        if (token != null && e.status() == 400 && !restarted) {
          log.info("page token of the {} query was refused; reading it again from the start", what);
          restarted = true;
          token = null;
          pages = 0;
          rows.restart();
          continue;
        }
        throw e;
      }
      rows.page(page.points());
      pages++;
      String next = page.nextToken();
      if (next == null || next.isEmpty()) {
        return;
      }
      if (next.equals(token) || pages >= MAX_PAGES) {
        throw new ConfluentMetricsException(
            ConfluentMetricsException.Kind.REJECTED,
            200,
            "the Metrics API's pages of the " + what + " query do not end after " + pages,
            null);
      }
      token = next;
    }
  }

  private Page post(byte[] body, String token, String what) {
    URI uri =
        base.resolve(
            QUERY_PATH
                + (token == null
                    ? ""
                    : "?page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    String call = "POST /" + QUERY_PATH + " (" + what + (token == null ? "" : ", next page") + ")";
    int attempts = 0;
    int rateLimitedWaits = 0;
    while (true) {
      String failure;
      Throwable cause = null;
      int status = 0;
      try {
        requests.incrementAndGet();
        attempts++;
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        status = response.statusCode();
        if (status >= 200 && status < 300) {
          try {
            return parse(response.body());
          } catch (JsonEOFException e) {
            // JSON cut off mid-body: a dropped connection or proxy; the same page is read again.
            failure = "the Metrics API's answer to " + call + " was cut off";
            cause = e;
          } catch (IOException | RuntimeException e) {
            throw new ConfluentMetricsException(
                ConfluentMetricsException.Kind.REJECTED,
                status,
                "the Metrics API answered " + call + " with a body that is not the expected JSON",
                e);
          }
        } else {
          failure = describe(call, status, response.body());
          if (status == 429 && rateLimitedWaits < MAX_RATE_LIMITED_WAITS) {
            rateLimitedWaits++;
            attempts--;
            Duration wait = rateLimitWait(response.headers(), rateLimitedWaits);
            log.info("Metrics API rate limit on {}; waiting {} ms", call, wait.toMillis());
            sleep(wait, call);
            continue;
          }
          ConfluentMetricsException.Kind kind = ConfluentMetricsException.classify(status);
          if (kind != ConfluentMetricsException.Kind.UNAVAILABLE) {
            throw new ConfluentMetricsException(kind, status, failure, null);
          }
        }
      } catch (IOException e) {
        // Timeouts (HttpTimeoutException), refused connections, resets: the API is away.
        failure =
            "the Metrics API did not answer "
                + call
                + " ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + ")";
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConfluentMetricsException(
            ConfluentMetricsException.Kind.UNAVAILABLE, 0, "interrupted during " + call, e);
      }
      if (attempts >= settings.maxAttempts()) {
        throw new ConfluentMetricsException(
            ConfluentMetricsException.Kind.UNAVAILABLE,
            status,
            failure + " after " + attempts + " attempts",
            cause);
      }
      Duration wait =
          HttpRetries.backoff(attempts, settings.initialBackoff(), settings.maxBackoff());
      log.warn(
          "{}; attempt {} of {}, retrying in {} ms",
          failure,
          attempts,
          settings.maxAttempts(),
          wait.toMillis());
      sleep(wait, call);
    }
  }

  /**
   * How long a 429 asks to wait: {@code Retry-After} when sent, else the reference's {@code
   * rateLimit-reset} (seconds until the window resets; one per scope, the longest counts), else
   * backoff; at most {@link Settings#maxRetryAfter()}.
   */
  Duration rateLimitWait(HttpHeaders headers, int waits) {
    Optional<Duration> asked = HttpRetries.retryAfter(headers);
    if (asked.isEmpty()) {
      long reset = -1;
      for (String v : headers.allValues("rateLimit-reset")) {
        for (String part : v.split(",")) {
          try {
            reset = Math.max(reset, Long.parseLong(part.trim()));
          } catch (NumberFormatException unreadable) {
            // another form than the reference's: ignored
          }
        }
      }
      asked = reset < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(reset));
    }
    Duration wait =
        asked.orElseGet(
            () -> HttpRetries.backoff(waits, settings.initialBackoff(), settings.maxBackoff()));
    return wait.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : wait;
  }

  private void sleep(Duration wait, String call) {
    try {
      ActivityProgress.sleep(wait, keepAlive);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfluentMetricsException(
          ConfluentMetricsException.Kind.UNAVAILABLE, 0, "interrupted during " + call, e);
    }
  }

  /**
   * Reads a page without holding its tree: {@code data} rows (FLAT, or GROUPED with {@code points})
   * and {@code meta.pagination.next_page_token}; other fields are skipped.
   */
  private Page parse(byte[] body) throws IOException {
    List<Point> points = new ArrayList<>();
    String next = null;
    try (JsonParser p = mapper.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("data") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode item = mapper.readTree(p);
            addPoints(item, points);
          }
        } else if (field.equals("meta") && value == JsonToken.START_OBJECT) {
          JsonNode meta = mapper.readTree(p);
          JsonNode token = meta.path("pagination").path("next_page_token");
          next = token.isTextual() ? token.asText() : null;
        } else {
          p.skipChildren();
        }
      }
    }
    return new Page(points, next);
  }

  private static void addPoints(JsonNode item, List<Point> out) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String k = f.getKey();
      if (!k.equals("timestamp") && !k.equals("value") && !k.equals("points")) {
        labels.put(k, f.getValue().asText());
      }
    }
    Map<String, String> frozen = Map.copyOf(labels);
    if (item.has("points")) {
      for (JsonNode p : item.get("points")) {
        out.add(point(p, frozen));
      }
    } else {
      out.add(point(item, frozen));
    }
  }

  private static Point point(JsonNode p, Map<String, String> labels) {
    JsonNode value = p.get("value");
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("a data point without a numeric value");
    }
    return new Point(
        OffsetDateTime.parse(p.path("timestamp").asText()).toInstant(), value.asDouble(), labels);
  }

  /** The status and Confluent's {@code errors[].detail}, for messages and logs. */
  private String describe(String call, int status, byte[] body) {
    StringBuilder sb =
        new StringBuilder("the Metrics API answered ").append(call).append(" with HTTP ");
    sb.append(status);
    List<String> details = new ArrayList<>();
    try {
      for (JsonNode e : mapper.readTree(body).path("errors")) {
        String d = e.path("detail").asText("");
        if (!d.isBlank()) {
          details.add(d);
        }
      }
    } catch (IOException | RuntimeException notJson) {
      // an answer from a proxy or load balancer: the status says enough
    }
    if (!details.isEmpty()) {
      String text = String.join("; ", details);
      sb.append(": ").append(text.length() > 300 ? text.substring(0, 300) : text);
    }
    return sb.toString();
  }
}
