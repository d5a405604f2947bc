package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.model.OAuthConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Access tokens from an identity provider with the OAuth 2.0 client credentials grant (RFC 6749
 * section 4.4): {@code POST} to the token endpoint with {@code grant_type=client_credentials} and
 * the scope, the client authenticated with HTTP Basic (section 2.3.1, id and secret form-encoded
 * first, as Kafka's own OAuth client does). A token is used until {@link #REFRESH_AT} of its
 * lifetime has passed, then replaced, so a long schema phase never sends an expired one.
 */
final class OAuthTokens {
  /** Kafka's {@code sasl.login.refresh.window.factor} default: renew at 80% of the lifetime. */
  static final double REFRESH_AT = 0.8;

  /** A token endpoint that gives no {@code expires_in} is asked again after this long. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final OAuthConfig config;
  private final String clientSecret;
  private final Duration timeout;
  private final ObjectMapper mapper;
  // The identity provider is not the registry: the JDK's own trust store, not the registry's CA.
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String token;
  private long renewAtNanos;
  private int fetched;

  OAuthTokens(OAuthConfig config, String clientSecret, Duration timeout, ObjectMapper mapper) {
    this.config = config;
    this.clientSecret = clientSecret;
    this.timeout = timeout;
    this.mapper = mapper;
  }

  /** A token that is not near its expiry, fetched now if needed. */
  synchronized String current() {
    if (token == null || System.nanoTime() - renewAtNanos >= 0) {
      fetch();
    }
    return token;
  }

  /** Forgets the token; false when the last one was fetched for this very request already. */
  synchronized boolean invalidate() {
    boolean had = token != null;
    token = null;
    return had;
  }

  /** Tokens fetched so far. */
  synchronized int fetched() {
    return fetched;
  }

  private void fetch() {
    String form =
        "grant_type=client_credentials"
            + (config.scope() == null ? "" : "&scope=" + encode(config.scope()));
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(config.clientId()) + ":" + encode(clientSecret))
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.tokenEndpointUrl()))
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("Authorization", "Basic " + basic)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unavailable("did not answer (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted", e);
    }
    int status = response.statusCode();
    JsonNode body;
    try {
      body = mapper.readTree(response.body());
    } catch (IOException e) {
      body = mapper.nullNode();
    }
    if (status == 400 || status == 401 || status == 403) {
      // Section 5.2: error and error_description name the problem; they never echo the secret.
      throw new SchemaRegistryException(
          SchemaRegistryException.Kind.AUTH,
          status,
          0,
          "the token endpoint "
              + config.tokenEndpointUrl()
              + " refused client "
              + config.clientId()
              + " (HTTP "
              + status
              + ": "
              + body.path("error").asText("no error code")
              + (body.hasNonNull("error_description")
                  ? ", " + body.path("error_description").asText()
                  : "")
              + ")",
          null);
    }
    if (status < 200 || status >= 300 || !body.hasNonNull("access_token")) {
      throw unavailable("answered HTTP " + status + " without an access_token", null);
    }
    token = body.path("access_token").asText();
    Duration lifetime =
        body.hasNonNull("expires_in")
            ? Duration.ofSeconds(body.path("expires_in").asLong())
            : DEFAULT_LIFETIME;
    renewAtNanos = System.nanoTime() + (long) (lifetime.toNanos() * REFRESH_AT);
    fetched++;
  }

  private SchemaRegistryException unavailable(String what, Throwable cause) {
    return new SchemaRegistryException(
        SchemaRegistryException.Kind.UNAVAILABLE,
        0,
        0,
        "the token endpoint " + config.tokenEndpointUrl() + " " + what,
        cause);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
