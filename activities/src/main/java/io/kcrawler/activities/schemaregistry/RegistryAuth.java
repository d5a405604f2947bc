package io.kcrawler.activities.schemaregistry;

import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.SchemaRegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The {@code Authorization} header a registry gets: none, BASIC (an API key and the secret its
 * reference resolves to, as Confluent Cloud expects) or BEARER, resolved per client so a rotated
 * secret is picked up by the next crawl. An unresolvable reference names its request field.
 */
final class RegistryAuth {
  private RegistryAuth() {}

  /** The header value, or null for no auth. */
  static String header(SchemaRegistryConfig config, SecretResolver secrets) {
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
}
