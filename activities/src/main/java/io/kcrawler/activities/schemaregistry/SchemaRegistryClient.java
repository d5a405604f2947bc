package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.TlsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only client of the Confluent Schema Registry REST API (also Confluent Cloud's) on the
 * JDK's HttpClient: one keep-alive client per registry, NONE/BASIC/BEARER auth from credential
 * references, custom CA and client certificate, a reads-per-second limit, {@code Retry-After} on
 * 429 and bounded retries with backoff for 5xx, timeouts and I/O errors. Counts every request it
 * sends, retries included.
 */
public final class SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

  /** Confluent's content type; plain JSON as a fallback for compatible registries. */
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9,"
          + " application/json; q=0.5";

  /** Confluent Cloud allows about 75 reads per second per registry. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 75;

  /** Attempts per request for 5xx, timeouts and I/O errors: a short outage, not a long one. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** 429s are the registry pacing us, not failing: they get their own, larger budget. */
  static final int MAX_RATE_LIMITED_WAITS = 10;

  /** A Retry-After longer than this is capped, so one answer cannot park the activity. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /**
   * Waits are cut into slices this long with a keep-alive between them, far inside any heartbeat
   * timeout, so a long Retry-After or backoff never looks like a dead worker. Cheap: the Temporal
   * SDK sends at most one heartbeat per 0.8 × the heartbeat timeout and keeps the others local.
   */
  static final Duration KEEP_ALIVE_SLICE = Duration.ofSeconds(1);

  /**
   * Tuning of one client; {@link #defaults()} suits Confluent Cloud.
   *
   * @param requestsPerSecond reads per second at most
   * @param maxAttempts attempts per request for retryable failures
   * @param initialBackoff first wait between attempts, doubled each time (with jitter)
   * @param maxBackoff longest wait between attempts
   * @param requestTimeout per-request timeout
   * @param maxRetryAfter the longest a 429's Retry-After is waited
   */
  public record Settings(
      double requestsPerSecond,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration requestTimeout,
      Duration maxRetryAfter) {

    public static Settings defaults() {
      return new Settings(
          DEFAULT_REQUESTS_PER_SECOND,
          DEFAULT_MAX_ATTEMPTS,
          Duration.ofMillis(500),
          Duration.ofSeconds(8),
          Duration.ofSeconds(30),
          MAX_RETRY_AFTER);
    }

    public Settings withRequestsPerSecond(double rps) {
      return new Settings(
          rps, maxAttempts, initialBackoff, maxBackoff, requestTimeout, maxRetryAfter);
    }

    public Settings withBackoff(Duration initial, Duration max) {
      return new Settings(
          requestsPerSecond, maxAttempts, initial, max, requestTimeout, maxRetryAfter);
    }

    public Settings withRequestTimeout(Duration timeout) {
      return new Settings(
          requestsPerSecond, maxAttempts, initialBackoff, maxBackoff, timeout, maxRetryAfter);
    }

    public Settings withMaxRetryAfter(Duration cap) {
      return new Settings(
          requestsPerSecond, maxAttempts, initialBackoff, maxBackoff, requestTimeout, cap);
    }
  }

  private final URI base;
  private final HttpClient http;
  private final String authorization;
  private final ObjectMapper mapper;
  private final Settings settings;
  private final RateLimiter limiter;
  private final AtomicLong requests = new AtomicLong();
  private volatile Runnable keepAlive = () -> {};

  private SchemaRegistryClient(
      URI base,
      Connections.Shared shared,
      String authorization,
      ObjectMapper mapper,
      Settings settings) {
    this.base = base;
    this.http = shared.http();
    this.limiter = shared.limiter();
    this.authorization = authorization;
    this.mapper = mapper;
    this.settings = settings;
  }

  /**
   * A client for the registry in {@code config} with connections of its own; resolves its
   * credential references now.
   *
   * @throws io.kcrawler.activities.secrets.SecretResolutionException when a reference cannot be
   *     resolved
   */
  public static SchemaRegistryClient create(
      SchemaRegistryConfig config, SecretResolver secrets, ObjectMapper mapper, Settings settings) {
    return create(config, secrets, mapper, settings, new Connections());
  }

  /**
   * A client that shares keep-alive connections and the rate limit with every other client of the
   * same registry made from {@code connections}. Credentials are resolved per client, so a rotated
   * secret is picked up by the next crawl.
   */
  public static SchemaRegistryClient create(
      SchemaRegistryConfig config,
      SecretResolver secrets,
      ObjectMapper mapper,
      Settings settings,
      Connections connections) {
    String url = config.url().endsWith("/") ? config.url() : config.url() + "/";
    Connections.Shared shared = connections.get(config, secrets, settings);
    return new SchemaRegistryClient(
        URI.create(url), shared, authorization(config, secrets), mapper, settings);
  }

  /**
   * One keep-alive HttpClient and one rate limiter per registry (URL and TLS settings), shared by
   * the crawls of one worker: Confluent Cloud's quota is per registry, not per crawl.
   */
  public static final class Connections {
    record Key(String url, TlsConfig tls) {}

    record Shared(HttpClient http, RateLimiter limiter) {}

    private final ConcurrentHashMap<Key, Shared> byRegistry = new ConcurrentHashMap<>();

    Shared get(SchemaRegistryConfig config, SecretResolver secrets, Settings settings) {
      return byRegistry.computeIfAbsent(
          new Key(config.url(), config.tls()),
          k -> {
            HttpClient.Builder builder =
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL);
            if (k.tls() != null) {
              builder.sslContext(RegistryTls.sslContext(k.tls(), secrets));
            }
            return new Shared(builder.build(), new RateLimiter(settings.requestsPerSecond()));
          });
    }

    /** Forgets a registry's connections, e.g. after a TLS failure, so the next crawl rebuilds. */
    public void evict(SchemaRegistryConfig config) {
      byRegistry.remove(new Key(config.url(), config.tls()));
    }
  }

  private static String authorization(SchemaRegistryConfig config, SecretResolver secrets) {
    switch (config.authTypeOrDefault().toUpperCase(Locale.ROOT)) {
      case "BASIC":
        String userInfo =
            config.username()
                + ":"
                + secrets.resolveField("schemaRegistry.passwordRef", config.passwordRef());
        return "Basic "
            + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
      case "BEARER":
        return "Bearer " + secrets.resolveField("schemaRegistry.tokenRef", config.tokenRef());
      default:
        return null;
    }
  }

  /** Requests sent so far, retries included. */
  public long requestCount() {
    return requests.get();
  }

  /** {@code GET /config}: the global compatibility level. */
  public String globalCompatibility() {
    return get("config", JsonNode.class).path("compatibilityLevel").asText(null);
  }

  /**
   * {@code GET /config/{subject}}: the subject's own compatibility level, empty when it has none
   * (40408 on current registries, 40401 on older ones).
   */
  public Optional<String> subjectCompatibility(String subject) {
    try {
      JsonNode node = get("config/" + segment(subject), JsonNode.class);
      return Optional.ofNullable(node.path("compatibilityLevel").asText(null));
    } catch (SchemaRegistryException e) {
      if (e.kind() == SchemaRegistryException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code GET /subjects}, with soft-deleted subjects when {@code deleted}. */
  public List<String> subjects(boolean deleted) {
    return get("subjects" + (deleted ? "?deleted=true" : ""), new TypeReference<List<String>>() {});
  }

  /**
   * One page of {@code GET /schemas}; empty when the registry lacks the endpoint (versions before
   * 7.x answer 404 with error code 404, not a 404xx code).
   */
  public Optional<List<RegisteredSchema>> schemasPage(
      boolean latestOnly, boolean deleted, int offset, int limit) {
    String path =
        "schemas?latestOnly="
            + latestOnly
            + (deleted ? "&deleted=true" : "")
            + "&offset="
            + offset
            + "&limit="
            + limit;
    try {
      return Optional.of(get(path, new TypeReference<List<RegisteredSchema>>() {}));
    } catch (SchemaRegistryException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code GET /subjects/{subject}/versions}. */
  public List<Integer> versions(String subject, boolean deleted) {
    return get(
        "subjects/" + segment(subject) + "/versions" + (deleted ? "?deleted=true" : ""),
        new TypeReference<List<Integer>>() {});
  }

  /** {@code GET /subjects/{subject}/versions/{version}}; {@code version} may be "latest". */
  public RegisteredSchema version(String subject, String version, boolean deleted) {
    return get(
        "subjects/"
            + segment(subject)
            + "/versions/"
            + segment(version)
            + (deleted ? "?deleted=true" : ""),
        RegisteredSchema.class);
  }

  private <T> T get(String path, Class<T> type) {
    return parse(path, send(path), body -> mapper.readValue(body, type));
  }

  private <T> T get(String path, TypeReference<T> type) {
    return parse(path, send(path), body -> mapper.readValue(body, type));
  }

  private interface BodyReader<T> {
    T read(String body) throws IOException;
  }

  private <T> T parse(String path, String body, BodyReader<T> reader) {
    try {
      return reader.read(body);
    } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
      // JSON cut off mid-body: a dropped connection or proxy, not a wrong URL; worth a retry.
      throw new SchemaRegistryException(
          SchemaRegistryException.Kind.UNAVAILABLE,
          200,
          0,
          "Schema Registry answered GET /" + path + " with a truncated JSON body",
          e);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          SchemaRegistryException.Kind.REJECTED,
          200,
          0,
          "Schema Registry answered GET /" + path + " with a body that is not the expected JSON",
          e);
    }
  }

  private String send(String path) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(settings.requestTimeout())
            .header("Accept", ACCEPT)
            .GET();
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    HttpRequest request = rb.build();
    int attempts = 0;
    int rateLimitedWaits = 0;
    while (true) {
      String failure;
      Throwable cause = null;
      int status = 0;
      int errorCode = 0;
      Duration wait;
      try {
        limiter.acquire();
        requests.incrementAndGet();
        attempts++;
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response.body();
        }
        ErrorBody error = errorBody(response.body());
        errorCode = error.code;
        failure = describe(path, status, error);
        SchemaRegistryException.Kind kind = SchemaRegistryException.classify(status);
        if (status == 429 && rateLimitedWaits < MAX_RATE_LIMITED_WAITS) {
          rateLimitedWaits++;
          attempts--;
          wait =
              retryAfter(response)
                  .map(
                      d -> d.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : d)
                  .orElse(backoff(rateLimitedWaits));
          log.info("Schema Registry rate limit on GET /{}; waiting {} ms", path, wait.toMillis());
          sleep(wait);
          continue;
        }
        if (kind != SchemaRegistryException.Kind.UNAVAILABLE) {
          throw new SchemaRegistryException(kind, status, errorCode, failure, null);
        }
      } catch (IOException e) {
        if (isHandshakeFailure(e)) {
          throw new SchemaRegistryException(
              SchemaRegistryException.Kind.TLS,
              0,
              0,
              "TLS handshake with the Schema Registry failed on GET /"
                  + path
                  + " ("
                  + e.getMessage()
                  + ")",
              e);
        }
        // Timeouts (HttpTimeoutException), refused connections, resets: the registry is away.
        failure =
            "Schema Registry did not answer GET /"
                + path
                + " ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + ")";
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            SchemaRegistryException.Kind.UNAVAILABLE, 0, 0, "interrupted calling " + path, e);
      }
      if (attempts >= settings.maxAttempts()) {
        throw new SchemaRegistryException(
            SchemaRegistryException.Kind.UNAVAILABLE,
            status,
            errorCode,
            failure + " after " + attempts + " attempts",
            cause);
      }
      wait = backoff(attempts);
      log.warn(
          "{}; attempt {} of {}, retrying in {} ms",
          failure,
          attempts,
          settings.maxAttempts(),
          wait.toMillis());
      try {
        sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            SchemaRegistryException.Kind.UNAVAILABLE, 0, 0, "interrupted calling " + path, e);
      }
    }
  }

  private static boolean isHandshakeFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Calls {@code keepAlive} (the activity's heartbeat) before each slice of every wait, so that
   * backoffs and Retry-After pauses longer than the heartbeat timeout keep the attempt alive.
   */
  public SchemaRegistryClient keepingAlive(Runnable keepAlive) {
    this.keepAlive = keepAlive;
    return this;
  }

  private void sleep(Duration d) throws InterruptedException {
    long remaining = d.toMillis();
    while (remaining > 0) {
      keepAlive.run();
      long slice = Math.min(remaining, KEEP_ALIVE_SLICE.toMillis());
      Thread.sleep(slice);
      remaining -= slice;
    }
    keepAlive.run();
  }

  private Duration backoff(int attempt) {
    long initial = settings.initialBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    long exp = initial << Math.min(attempt - 1, 20);
    long capped = Math.min(max, exp);
    // Up to 20% jitter so parallel workers do not retry in lockstep.
    long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
    return Duration.ofMillis(capped + jitter);
  }

  /**
   * Retry-After as delta-seconds or an HTTP date (RFC 9110), capped at {@link #MAX_RETRY_AFTER}.
   */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      } catch (RuntimeException unparsable) {
        return Optional.empty();
      }
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  private record ErrorBody(int code, String message) {}

  private ErrorBody errorBody(String body) {
    try {
      JsonNode node = mapper.readTree(body);
      return new ErrorBody(node.path("error_code").asInt(0), node.path("message").asText(null));
    } catch (IOException | RuntimeException e) {
      return new ErrorBody(0, null);
    }
  }

  private static String describe(String path, int status, ErrorBody error) {
    StringBuilder sb = new StringBuilder("Schema Registry answered GET /").append(path);
    sb.append(" with HTTP ").append(status);
    if (error.code != 0) {
      sb.append(" (error_code ").append(error.code).append(')');
    }
    if (error.message != null) {
      String message =
          error.message.length() > 300 ? error.message.substring(0, 300) : error.message;
      sb.append(": ").append(message);
    }
    return sb.toString();
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
