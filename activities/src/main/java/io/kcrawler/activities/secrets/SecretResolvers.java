package io.kcrawler.activities.secrets;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds the worker's {@link SecretResolver} from a {@link SecretStoreConfig}. */
public final class SecretResolvers {
  private SecretResolvers() {}

  /** Resolver over the configured stores; references in the config read this process's env. */
  public static SecretResolver fromConfig(SecretStoreConfig config) {
    return fromConfig(config, System.getenv());
  }

  /**
   * Resolver over the configured stores; {@code env} serves {@code env:} references, both those the
   * crawl requests carry and those in the config (Vault token, AppRole secret id, …).
   */
  public static SecretResolver fromConfig(SecretStoreConfig config, Map<String, String> env) {
    SecretResolver bootstrap = new EnvFileSecretResolver(env);
    Map<String, SecretStore> stores = new HashMap<>();
    SecretStore envFile = ref -> Secret.text(bootstrap.resolve(ref.base()));
    stores.put("env", envFile);
    stores.put("file", envFile);
    if (config.vault() != null) {
      stores.put(
          "vault",
          new VaultSecretStore(config.vault(), config.timeout(), bootstrap, Clock.systemUTC()));
    }
    if (config.aws() != null) {
      stores.put("aws-sm", new AwsSecretsManagerStore(config.aws(), config.timeout(), bootstrap));
    }
    if (config.azure() != null) {
      stores.put(
          "azure-kv",
          new AzureKeyVaultSecretStore(
              config.azure(),
              config.timeout(),
              AzureKeyVaultSecretStore.credential(config.azure(), bootstrap),
              null));
    }
    if (config.gcp() != null) {
      stores.put("gcp-sm", new GcpSecretManagerStore(config.gcp(), config.timeout(), bootstrap));
    }
    return new CompositeSecretResolver(stores, config.cacheTtl(), Clock.systemUTC());
  }
}
