package io.kcrawler.activities.secrets;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads the latest version of a secret from Azure Key Vault; one SDK client per vault. */
final class AzureKeyVaultSecretStore implements SecretStore {
  private static final String STORE = "Azure Key Vault";

  private final SecretStoreConfig.Azure config;
  private final Duration timeout;
  private final TokenCredential credential;
  private final HttpClient httpClient;
  private final Map<String, SecretClient> clients = new ConcurrentHashMap<>();

  /**
   * @param httpClient null for the SDK's default; tests pass one that trusts their TLS server (Key
   *     Vault credentials are refused over plain http)
   */
  AzureKeyVaultSecretStore(
      SecretStoreConfig.Azure config,
      Duration timeout,
      TokenCredential credential,
      HttpClient httpClient) {
    this.config = config;
    this.timeout = timeout;
    this.credential = credential;
    this.httpClient = httpClient;
  }

  static TokenCredential credential(SecretStoreConfig.Azure config, SecretResolver bootstrap) {
    if (config.clientId() != null && config.clientSecretRef() != null) {
      ClientSecretCredentialBuilder builder =
          new ClientSecretCredentialBuilder()
              .tenantId(config.tenantId())
              .clientId(config.clientId())
              .clientSecret(bootstrap.resolve(config.clientSecretRef()));
      if (config.authorityHost() != null) {
        builder.authorityHost(config.authorityHost());
      }
      return builder.build();
    }
    if (config.managedIdentityClientId() != null) {
      return new ManagedIdentityCredentialBuilder()
          .clientId(config.managedIdentityClientId())
          .build();
    }
    DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
    if (config.tenantId() != null) {
      builder.tenantId(config.tenantId());
    }
    if (config.authorityHost() != null) {
      builder.authorityHost(config.authorityHost());
    }
    return builder.build();
  }

  @Override
  public Secret fetch(SecretReference ref) {
    String locator = ref.locator();
    int slash = locator.lastIndexOf('/');
    if (slash <= 0 || slash == locator.length() - 1) {
      throw new SecretResolutionException(
          "credential reference "
              + ref
              + ": expected azure-kv:<vault name or URL>/<secret name>[#key]");
    }
    String vault = locator.substring(0, slash);
    String name = locator.substring(slash + 1);
    String vaultUrl = vault.contains("://") ? vault : "https://" + vault + "." + config.dnsSuffix();
    try {
      String value = clients.computeIfAbsent(vaultUrl, this::client).getSecret(name).getValue();
      if (value == null) {
        throw SecretErrors.notFound(ref, STORE);
      }
      return Secret.text(value);
    } catch (ResourceNotFoundException e) {
      throw SecretErrors.notFound(ref, STORE);
    } catch (ClientAuthenticationException e) {
      throw SecretErrors.denied(ref, STORE);
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      if (status == 404) {
        throw SecretErrors.notFound(ref, STORE);
      }
      if (status == 401 || status == 403) {
        throw SecretErrors.denied(ref, STORE);
      }
      if (status == 0 || status == 429 || status >= 500) {
        throw SecretErrors.unreachable(ref, STORE, e);
      }
      throw SecretErrors.rejected(ref, STORE, "HTTP " + status);
    } catch (SecretResolutionException e) {
      throw e;
    } catch (RuntimeException e) {
      // Connection failures and timeouts surface as reactor/netty runtime exceptions.
      throw SecretErrors.unreachable(ref, STORE, e);
    }
  }

  private SecretClient client(String vaultUrl) {
    SecretClientBuilder builder =
        new SecretClientBuilder()
            .vaultUrl(vaultUrl)
            .credential(credential)
            // Two quick retries: the activity retries too, with its own backoff.
            .retryOptions(
                new RetryOptions(
                    new ExponentialBackoffOptions()
                        .setMaxRetries(2)
                        .setBaseDelay(Duration.ofMillis(200))
                        .setMaxDelay(timeout)));
    if (config.disableChallengeResourceVerification()) {
      builder.disableChallengeResourceVerification();
    }
    if (httpClient != null) {
      builder.httpClient(httpClient);
    }
    return builder.buildClient();
  }
}
