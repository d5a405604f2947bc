package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.boundary.ActivityProgress;
import io.kcrawler.activities.boundary.HttpRetries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a registry request travels: the shared keep-alive HttpClient, the reads-per-second limit,
 * {@code Retry-After} on 429 (its own, larger budget), bounded retries with backoff for 5xx,
 * timeouts and I/O errors, and waits that heartbeat. Says what happened as a {@link
 * SchemaRegistryException.Kind}; counts every request it sends, retries included.
 */
final class RegistryTransport {
  private static final Logger log = LoggerFactory.getLogger(RegistryTransport.class);

  /** Confluent's content type; plain JSON as a fallback for compatible registries. */
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9,"
          + " application/json; q=0.5";

  /** 429s are the registry pacing us, not failing: they get their own, larger budget. */
  static final int MAX_RATE_LIMITED_WAITS = 10;

  private final URI base;
  private final HttpClient http;
  private final RateLimiter limiter;
  private final RegistryAuth auth;
  private final SchemaRegistryClient.Settings settings;
  private final ObjectMapper mapper;
  private final AtomicLong requests = new AtomicLong();
  private volatile Runnable keepAlive = () -> {};

  RegistryTransport(
      URI base,
      HttpClient http,
      RateLimiter limiter,
      RegistryAuth auth,
      SchemaRegistryClient.Settings settings,
      ObjectMapper mapper) {
    this.base = base;
    this.http = http;
    this.limiter = limiter;
    this.auth = auth;
    this.settings = settings;
    this.mapper = mapper;
  }

  /** Heartbeats the activity during every wait (see {@link ActivityProgress#sleep}). */
  void keepingAlive(Runnable keepAlive) {
    this.keepAlive = keepAlive;
  }

  long requestCount() {
    return requests.get();
  }

  /** {@code GET path} (relative to the registry root): the body of a 2xx answer. */
  String get(String path) {
    int attempts = 0;
    int rateLimitedWaits = 0;
    boolean renewed = false;
    while (true) {
      String failure;
      Throwable cause = null;
      int status = 0;
      int errorCode = 0;
      Duration wait;
      try {
        HttpRequest request = request(path);
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
        if (status == 401 && !renewed && auth.renewAfterRejection()) {
          // An OAuth token revoked before its expiry: one more try with a fresh one.
          renewed = true;
          attempts--;
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

  /**
   * The request for {@code path} with this moment's auth (an OAuth token may have been renewed).
   */
  private HttpRequest request(String path) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(settings.requestTimeout())
            .header("Accept", ACCEPT)
            .GET();
    String authorization = auth.authorization();
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    auth.headers().forEach(rb::header);
    return rb.build();
  }

  private static boolean isHandshakeFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  private void sleep(Duration d) throws InterruptedException {
    ActivityProgress.sleep(d, keepAlive);
  }

  private Duration backoff(int attempt) {
    return HttpRetries.backoff(attempt, settings.initialBackoff(), settings.maxBackoff());
  }

  /**
   * Retry-After as delta-seconds or an HTTP date (RFC 9110), capped at {@link
   * SchemaRegistryClient#MAX_RETRY_AFTER}.
   */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return HttpRetries.retryAfter(response.headers())
        .map(
            d ->
                d.compareTo(SchemaRegistryClient.MAX_RETRY_AFTER) > 0
                    ? SchemaRegistryClient.MAX_RETRY_AFTER
                    : d);
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
}
