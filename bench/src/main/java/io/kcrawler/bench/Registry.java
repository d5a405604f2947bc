package io.kcrawler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Bare Schema Registry GETs for the floor and the per-entity baseline: no retries, and the same
 * reads-per-second quota as the crawler's client (Confluent Cloud answers 429 above it), spaced
 * evenly.
 */
final class Registry {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private final String base;
  private final long intervalNanos;
  private long nextFreeNanos = System.nanoTime();

  Registry(String url, double requestsPerSecond) {
    this.base = url.endsWith("/") ? url : url + "/";
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / requestsPerSecond);
  }

  JsonNode get(String path) {
    return find(path).orElseThrow(() -> new IllegalStateException("GET /" + path + ": HTTP 404"));
  }

  /** The answer, or empty on 404 (e.g. {@code /config/{subject}} of a subject without a level). */
  Optional<JsonNode> find(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "application/vnd.schemaregistry.v1+json")
            .GET()
            .build();
    try {
      acquire();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /" + path + ": HTTP " + response.statusCode());
      }
      return Optional.of(mapper.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, nextFreeNanos);
      nextFreeNanos = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  static String segment(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
