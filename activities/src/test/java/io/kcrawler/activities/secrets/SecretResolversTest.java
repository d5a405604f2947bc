package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolversTest {
  @TempDir Path tmp;

  @Test
  void givenEveryStoreEnabled_whenBuiltFromEnv_thenBuildsWithoutContactingAnyStore()
      throws IOException {
    Path json = Files.writeString(tmp.resolve("kafka.json"), "{\"password\":\"from-file\"}\n");
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("KCRAWLER_SECRET_STORES", "vault,aws-sm,azure-kv,gcp-sm"),
            Map.entry("KCRAWLER_VAULT_ADDR", "http://127.0.0.1:1"),
            Map.entry("KCRAWLER_AWS_REGION", "eu-west-1"),
            Map.entry("KCRAWLER_GCP_PROJECT", "p"),
            Map.entry("KCRAWLER_GCP_ACCESS_TOKEN_REF", "env:GCP_TOKEN"),
            Map.entry("KAFKA_PASSWORD", "from-env"));

    SecretResolver resolver = SecretResolvers.fromConfig(SecretStoreConfig.fromEnv(env), env);

    assertThat(resolver.resolve("env:KAFKA_PASSWORD")).isEqualTo("from-env");
    assertThat(resolver.resolve("file:" + json + "#password")).isEqualTo("from-file");
  }

  @Test
  void givenStoreNotEnabled_whenResolvingItsReference_thenNonTransientNotConfigured() {
    SecretResolver resolver =
        SecretResolvers.fromConfig(SecretStoreConfig.fromEnv(Map.of()), Map.of());

    assertThatThrownBy(() -> resolver.resolve("vault:secret/kafka#password"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("no vault secret store is configured");
  }
}
