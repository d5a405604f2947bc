package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.activities.secrets.SecretStoreConfig.VaultAuth;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretStoreConfigTest {

  @Test
  void givenNoVariables_whenRead_thenOnlyEnvAndFileAndDefaults() {
    SecretStoreConfig config = SecretStoreConfig.fromEnv(Map.of());

    assertThat(config.vault()).isNull();
    assertThat(config.aws()).isNull();
    assertThat(config.azure()).isNull();
    assertThat(config.gcp()).isNull();
    assertThat(config.cacheTtl()).isEqualTo(SecretStoreConfig.DEFAULT_CACHE_TTL);
  }

  @Test
  void givenAllStoresEnabled_whenRead_thenEachStoreHasItsSettings() {
    SecretStoreConfig config =
        SecretStoreConfig.fromEnv(
            Map.ofEntries(
                Map.entry("KCRAWLER_SECRET_STORES", "vault, aws-sm,azure-kv,gcp-sm"),
                Map.entry("KCRAWLER_SECRETS_CACHE_TTL", "60"),
                Map.entry("KCRAWLER_SECRETS_TIMEOUT", "PT3S"),
                Map.entry("KCRAWLER_VAULT_ADDR", "https://vault:8200"),
                Map.entry("KCRAWLER_VAULT_AUTH", "approle"),
                Map.entry("KCRAWLER_VAULT_ROLE_ID", "r"),
                Map.entry("KCRAWLER_VAULT_SECRET_ID_REF", "file:/run/secret-id"),
                Map.entry("KCRAWLER_VAULT_NAMESPACE", "team-a"),
                Map.entry("KCRAWLER_VAULT_KV_MOUNTS", "legacy=1,/teams/a/=2"),
                Map.entry("KCRAWLER_AWS_REGION", "eu-west-1"),
                Map.entry("KCRAWLER_AWS_SM_ENDPOINT", "http://localhost:4566"),
                Map.entry("KCRAWLER_AZURE_TENANT_ID", "t"),
                Map.entry("KCRAWLER_AZURE_CLIENT_ID", "c"),
                Map.entry("KCRAWLER_AZURE_CLIENT_SECRET_REF", "env:AZ_SECRET"),
                Map.entry("KCRAWLER_GCP_PROJECT", "p"),
                Map.entry(
                    "KCRAWLER_GCP_SM_ENDPOINT",
                    "secretmanager.europe-west1.rep.googleapis.com:443")));

    assertThat(config.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.vault().auth()).isEqualTo(VaultAuth.APPROLE);
    assertThat(config.vault().secretIdRef()).isEqualTo("file:/run/secret-id");
    assertThat(config.vault().namespace()).isEqualTo("team-a");
    assertThat(config.vault().defaultKvVersion()).isEqualTo(2);
    assertThat(config.vault().kvMounts()).containsEntry("legacy", 1).containsEntry("teams/a", 2);
    assertThat(config.aws().endpoint()).isEqualTo(URI.create("http://localhost:4566"));
    assertThat(config.azure().dnsSuffix()).isEqualTo("vault.azure.net");
    assertThat(config.azure().clientSecretRef()).isEqualTo("env:AZ_SECRET");
    assertThat(config.gcp().project()).isEqualTo("p");
  }

  @Test
  void givenAppRoleWithoutRoleId_whenRead_thenErrorNamesTheVariable() {
    assertThatThrownBy(
            () ->
                SecretStoreConfig.fromEnv(
                    Map.of(
                        "KCRAWLER_SECRET_STORES", "vault",
                        "KCRAWLER_VAULT_ADDR", "https://vault:8200",
                        "KCRAWLER_VAULT_AUTH", "approle")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KCRAWLER_VAULT_ROLE_ID");
  }

  @Test
  void givenUnknownStore_whenRead_thenErrorListsTheKnownOnes() {
    assertThatThrownBy(() -> SecretStoreConfig.fromEnv(Map.of("KCRAWLER_SECRET_STORES", "keepass")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vault, aws-sm, azure-kv, gcp-sm");
  }
}
