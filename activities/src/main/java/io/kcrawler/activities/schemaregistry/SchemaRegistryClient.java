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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only client of the Confluent Schema Registry REST API (also Confluent Cloud's): the
 * endpoints the crawl reads and their answers. How a request travels (one keep-alive client per
 * registry, custom CA and client certificate, a reads-per-second limit, {@code Retry-After} on 429,
 * bounded retries with backoff) is {@link RegistryTransport}'s; auth is {@link RegistryAuth}'s.
 */
public final class SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

  /** Confluent Cloud allows about 75 reads per second per registry. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 75;

  /** Attempts per request for 5xx, timeouts and I/O errors: a short outage, not a long one. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** A Retry-After longer than this is capped, so one answer cannot park the activity. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

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

  private final RegistryTransport transport;
  private final ObjectMapper mapper;

  private SchemaRegistryClient(RegistryTransport transport, ObjectMapper mapper) {
    this.transport = transport;
    this.mapper = mapper;
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
        new RegistryTransport(
            URI.create(url),
            shared.http(),
            shared.limiter(),
            RegistryAuth.of(config, secrets, settings, mapper),
            settings,
            mapper),
        mapper);
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

  /** Requests sent so far, retries included. */
  public long requestCount() {
    return transport.requestCount();
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
    return parse(path, transport.get(path), body -> mapper.readValue(body, type));
  }

  private <T> T get(String path, TypeReference<T> type) {
    return parse(path, transport.get(path), body -> mapper.readValue(body, type));
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

  /**
   * Calls {@code keepAlive} (the activity's heartbeat) before each slice of every wait, so that
   * backoffs and Retry-After pauses longer than the heartbeat timeout keep the attempt alive.
   */
  public SchemaRegistryClient keepingAlive(Runnable keepAlive) {
    transport.keepingAlive(keepAlive);
    return this;
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
