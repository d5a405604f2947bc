package io.kcrawler.activities.schemaregistry;

import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.SchemaRegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The auth headers a registry gets: none, BASIC (an API key and the secret its reference resolves
 * to, as Confluent Cloud expects), BEARER (a static token) or OAUTH (tokens from the identity
 * provider, refreshed before they expire, with Confluent Cloud's routing headers). Secrets are
 * resolved per client, so a rotated secret is picked up by the next crawl; an unresolvable
 * reference names its request field.
 */
final class RegistryAuth {
  /** Confluent's client sends the registry's logical cluster id with OAuth tokens under this. */
  static final String TARGET_SR_CLUSTER = "target-sr-cluster";

  /** … and the identity pool the token maps to under this. */
  static final String IDENTITY_POOL_ID = "Confluent-Identity-Pool-Id";

  private final String staticAuthorization;
  private final OAuthTokens tokens;
  private final Map<String, String> headers;

  private RegistryAuth(
      String staticAuthorization, OAuthTokens tokens, Map<String, String> headers) {
    this.staticAuthorization = staticAuthorization;
    this.tokens = tokens;
    this.headers = Map.copyOf(headers);
  }

  static RegistryAuth of(
      SchemaRegistryConfig config,
      SecretResolver secrets,
      SchemaRegistryClient.Settings settings,
      com.fasterxml.jackson.databind.ObjectMapper mapper) {
    switch (config.authTypeOrDefault().toUpperCase(Locale.ROOT)) {
      case "BASIC":
        String userInfo =
            config.username()
                + ":"
                + secrets.resolveField("schemaRegistry.passwordRef", config.passwordRef());
        return new RegistryAuth(
            "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)),
            null,
            Map.of());
      case "BEARER":
        return new RegistryAuth(
            "Bearer " + secrets.resolveField("schemaRegistry.tokenRef", config.tokenRef()),
            null,
            Map.of());
      case "OAUTH":
        OAuthConfig oauth = config.oauth();
        Map<String, String> routing = new LinkedHashMap<>();
        if (oauth.logicalCluster() != null) {
          routing.put(TARGET_SR_CLUSTER, oauth.logicalCluster());
        }
        if (oauth.identityPoolId() != null) {
          routing.put(IDENTITY_POOL_ID, oauth.identityPoolId());
        }
        return new RegistryAuth(
            null,
            new OAuthTokens(
                oauth,
                secrets.resolveField(
                    "schemaRegistry.oauth.clientSecretRef", oauth.clientSecretRef()),
                settings.requestTimeout(),
                mapper),
            routing);
      default:
        return new RegistryAuth(null, null, Map.of());
    }
  }

  /** The {@code Authorization} value for the next request, or null for no auth. */
  String authorization() {
    return tokens != null ? "Bearer " + tokens.current() : staticAuthorization;
  }

  /** Headers sent with every request besides Authorization. */
  Map<String, String> headers() {
    return headers;
  }

  /**
   * After a 401: true when a fresh token may fix it (OAuth, the token was revoked before its
   * expiry), and the next {@link #authorization()} fetches one. Static credentials cannot change.
   */
  boolean renewAfterRejection() {
    return tokens != null && tokens.invalidate();
  }
}
