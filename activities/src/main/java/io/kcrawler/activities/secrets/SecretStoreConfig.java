package io.kcrawler.activities.secrets;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which secret stores a worker can reach and how; a {@code null} store is disabled ({@code env:}
 * and {@code file:} are always on). Settings that are themselves secrets (Vault token, AppRole
 * secret id, …) are given as {@code env:}/{@code file:} references, never inline.
 *
 * <p>Reference forms:
 *
 * <ul>
 *   <li>{@code vault:<mount>/<path>[#key]}, e.g. {@code vault:secret/kafka/prod#password}. The
 *       mount is the longest prefix listed in {@link Vault#kvMounts} (so mounts may contain {@code
 *       /}), else the first path segment; its KV version comes from that map, else {@link
 *       Vault#defaultKvVersion}. The API path is {@code <mount>/data/<path>} for KV v2 and {@code
 *       <mount>/<path>} for v1. Without {@code #key} the entry must hold exactly one key.
 *   <li>{@code aws-sm:<secret name or ARN>[#key]}: the {@code AWSCURRENT} version; a binary secret
 *       resolves to its base64 text.
 *   <li>{@code azure-kv:<vault name or https URL>/<secret name>[#key]}: the latest version; a vault
 *       name becomes {@code https://<name>.<dnsSuffix>}.
 *   <li>{@code gcp-sm:projects/<p>/secrets/<s>[/versions/<v>][#key]} (version defaults to {@code
 *       latest}), or {@code gcp-sm:<s>} in the configured project.
 * </ul>
 *
 * {@code #key} reads the secret as a JSON object and picks one key (for Vault: one field).
 *
 * @param cacheTtl how long a fetched secret is reused; zero disables caching
 * @param timeout bound on one store call, retries included
 */
public record SecretStoreConfig(
    Duration cacheTtl, Duration timeout, Vault vault, Aws aws, Azure azure, Gcp gcp) {

  /** Reused for five minutes: short enough for rotation, long enough to spare the stores. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

  /** A store call that takes longer than this is treated as unreachable (transient). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How the worker logs in to Vault. */
  public enum VaultAuth {
    TOKEN,
    APPROLE,
    KUBERNETES
  }

  /**
   * HashiCorp Vault (or OpenBao).
   *
   * @param address e.g. {@code https://vault.example:8200}
   * @param namespace Vault Enterprise namespace, or null
   * @param tokenRef for {@code TOKEN}: reference to the token, re-read after a 403
   * @param roleId for {@code APPROLE}: the role id (not secret)
   * @param secretIdRef for {@code APPROLE}: reference to the secret id
   * @param role for {@code KUBERNETES}: the Vault role
   * @param jwtRef for {@code KUBERNETES}: reference to the service-account token
   * @param authMount mount of the auth method; null for its default ({@code approle}, {@code
   *     kubernetes})
   * @param defaultKvVersion 1 or 2, for mounts not listed in {@code kvMounts}
   * @param kvMounts KV mount path to version (1 or 2)
   * @param caCertPath PEM file of the CA that signed Vault's certificate, or null for the JVM's
   *     trust store
   */
  public record Vault(
      String address,
      String namespace,
      VaultAuth auth,
      String tokenRef,
      String roleId,
      String secretIdRef,
      String role,
      String jwtRef,
      String authMount,
      int defaultKvVersion,
      Map<String, Integer> kvMounts,
      String caCertPath) {
    public Vault {
      kvMounts = kvMounts == null ? Map.of() : Map.copyOf(kvMounts);
    }
  }

  /**
   * AWS Secrets Manager; null settings fall back to the SDK's default chains (region from {@code
   * AWS_REGION}/profile, credentials from environment, web identity, instance profile).
   *
   * @param endpoint endpoint override (VPC endpoint, LocalStack, tests), or null
   */
  public record Aws(
      String region, URI endpoint, String accessKeyIdRef, String secretAccessKeyRef) {}

  /**
   * Azure Key Vault. Credentials: a client secret when {@code clientId} and {@code clientSecretRef}
   * are set, else a user-assigned managed identity when {@code managedIdentityClientId} is set,
   * else {@code DefaultAzureCredential}.
   *
   * @param dnsSuffix vault DNS suffix for names ({@code vault.azure.net}; sovereign clouds differ)
   * @param authorityHost Entra ID authority override, or null
   * @param disableChallengeResourceVerification accept a vault whose host is not under the
   *     challenge's resource domain (private endpoints, test servers)
   */
  public record Azure(
      String dnsSuffix,
      String tenantId,
      String clientId,
      String clientSecretRef,
      String authorityHost,
      String managedIdentityClientId,
      boolean disableChallengeResourceVerification) {}

  /**
   * GCP Secret Manager.
   *
   * @param project project for short references, or null
   * @param endpoint {@code host:port} for gRPC (TLS), or an {@code http(s)://} URL for the REST
   *     transport (plain http only for local test servers); null for the public endpoint
   * @param accessTokenRef reference to an OAuth access token, re-read as it ages; null for
   *     Application Default Credentials
   */
  public record Gcp(String project, String endpoint, String accessTokenRef) {}

  /**
   * Reads the configuration from environment variables:
   *
   * <ul>
   *   <li>{@code KCRAWLER_SECRET_STORES}: comma list of {@code vault, aws-sm, azure-kv, gcp-sm} to
   *       enable (env and file are always on)
   *   <li>{@code KCRAWLER_SECRETS_CACHE_TTL}, {@code KCRAWLER_SECRETS_TIMEOUT}: ISO-8601 ({@code
   *       PT5M}) or seconds
   *   <li>Vault: {@code KCRAWLER_VAULT_ADDR} (required), {@code KCRAWLER_VAULT_NAMESPACE}, {@code
   *       KCRAWLER_VAULT_AUTH=token|approle|kubernetes} (token), {@code KCRAWLER_VAULT_TOKEN_REF}
   *       ({@code env:VAULT_TOKEN}), {@code KCRAWLER_VAULT_ROLE_ID}, {@code
   *       KCRAWLER_VAULT_SECRET_ID_REF}, {@code KCRAWLER_VAULT_ROLE}, {@code
   *       KCRAWLER_VAULT_K8S_JWT_REF} (the pod's service-account token file), {@code
   *       KCRAWLER_VAULT_AUTH_MOUNT}, {@code KCRAWLER_VAULT_KV_VERSION} (2), {@code
   *       KCRAWLER_VAULT_KV_MOUNTS} (e.g. {@code secret=2,legacy=1,teams/a=2}), {@code
   *       KCRAWLER_VAULT_CACERT} (PEM file)
   *   <li>AWS: {@code KCRAWLER_AWS_REGION}, {@code KCRAWLER_AWS_SM_ENDPOINT}, {@code
   *       KCRAWLER_AWS_ACCESS_KEY_ID_REF}, {@code KCRAWLER_AWS_SECRET_ACCESS_KEY_REF}
   *   <li>Azure: {@code KCRAWLER_AZURE_KV_DNS_SUFFIX}, {@code KCRAWLER_AZURE_TENANT_ID}, {@code
   *       KCRAWLER_AZURE_CLIENT_ID}, {@code KCRAWLER_AZURE_CLIENT_SECRET_REF}, {@code
   *       KCRAWLER_AZURE_AUTHORITY_HOST}, {@code KCRAWLER_AZURE_MANAGED_IDENTITY_CLIENT_ID}, {@code
   *       KCRAWLER_AZURE_KV_DISABLE_CHALLENGE_RESOURCE_VERIFICATION=true}
   *   <li>GCP: {@code KCRAWLER_GCP_PROJECT}, {@code KCRAWLER_GCP_SM_ENDPOINT}, {@code
   *       KCRAWLER_GCP_ACCESS_TOKEN_REF}
   * </ul>
   *
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static SecretStoreConfig fromEnv(Map<String, String> env) {
    Set<String> enabled =
        Arrays.stream(env.getOrDefault("KCRAWLER_SECRET_STORES", "").split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty() && !s.equals("env") && !s.equals("file"))
            .collect(Collectors.toSet());
    for (String store : enabled) {
      if (!Set.of("vault", "aws-sm", "azure-kv", "gcp-sm").contains(store)) {
        throw new IllegalArgumentException(
            "KCRAWLER_SECRET_STORES: unknown store "
                + store
                + ", expected some of vault, aws-sm, azure-kv, gcp-sm");
      }
    }
    return new SecretStoreConfig(
        duration(env, "KCRAWLER_SECRETS_CACHE_TTL", DEFAULT_CACHE_TTL),
        duration(env, "KCRAWLER_SECRETS_TIMEOUT", DEFAULT_TIMEOUT),
        enabled.contains("vault") ? vaultFromEnv(env) : null,
        enabled.contains("aws-sm")
            ? new Aws(
                env.get("KCRAWLER_AWS_REGION"),
                env.containsKey("KCRAWLER_AWS_SM_ENDPOINT")
                    ? URI.create(env.get("KCRAWLER_AWS_SM_ENDPOINT"))
                    : null,
                env.get("KCRAWLER_AWS_ACCESS_KEY_ID_REF"),
                env.get("KCRAWLER_AWS_SECRET_ACCESS_KEY_REF"))
            : null,
        enabled.contains("azure-kv")
            ? new Azure(
                env.getOrDefault("KCRAWLER_AZURE_KV_DNS_SUFFIX", "vault.azure.net"),
                env.get("KCRAWLER_AZURE_TENANT_ID"),
                env.get("KCRAWLER_AZURE_CLIENT_ID"),
                env.get("KCRAWLER_AZURE_CLIENT_SECRET_REF"),
                env.get("KCRAWLER_AZURE_AUTHORITY_HOST"),
                env.get("KCRAWLER_AZURE_MANAGED_IDENTITY_CLIENT_ID"),
                Boolean.parseBoolean(
                    env.get("KCRAWLER_AZURE_KV_DISABLE_CHALLENGE_RESOURCE_VERIFICATION")))
            : null,
        enabled.contains("gcp-sm")
            ? new Gcp(
                env.get("KCRAWLER_GCP_PROJECT"),
                env.get("KCRAWLER_GCP_SM_ENDPOINT"),
                env.get("KCRAWLER_GCP_ACCESS_TOKEN_REF"))
            : null);
  }

  private static Vault vaultFromEnv(Map<String, String> env) {
    String address = required(env, "KCRAWLER_VAULT_ADDR");
    VaultAuth auth;
    try {
      auth =
          VaultAuth.valueOf(
              env.getOrDefault("KCRAWLER_VAULT_AUTH", "token").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "KCRAWLER_VAULT_AUTH: expected token, approle or kubernetes");
    }
    String roleId = null;
    String secretIdRef = null;
    String role = null;
    if (auth == VaultAuth.APPROLE) {
      roleId = required(env, "KCRAWLER_VAULT_ROLE_ID");
      secretIdRef = required(env, "KCRAWLER_VAULT_SECRET_ID_REF");
    } else if (auth == VaultAuth.KUBERNETES) {
      role = required(env, "KCRAWLER_VAULT_ROLE");
    }
    return new Vault(
        address,
        env.get("KCRAWLER_VAULT_NAMESPACE"),
        auth,
        env.getOrDefault("KCRAWLER_VAULT_TOKEN_REF", "env:VAULT_TOKEN"),
        roleId,
        secretIdRef,
        role,
        env.getOrDefault(
            "KCRAWLER_VAULT_K8S_JWT_REF",
            "file:/var/run/secrets/kubernetes.io/serviceaccount/token"),
        env.get("KCRAWLER_VAULT_AUTH_MOUNT"),
        kvVersion(env.getOrDefault("KCRAWLER_VAULT_KV_VERSION", "2"), "KCRAWLER_VAULT_KV_VERSION"),
        kvMounts(env.getOrDefault("KCRAWLER_VAULT_KV_MOUNTS", "")),
        env.get("KCRAWLER_VAULT_CACERT"));
  }

  private static Map<String, Integer> kvMounts(String spec) {
    Map<String, Integer> mounts = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "KCRAWLER_VAULT_KV_MOUNTS: expected mount=version pairs, e.g. secret=2,legacy=1");
      }
      mounts.put(
          trimSlashes(entry.substring(0, eq).strip()),
          kvVersion(entry.substring(eq + 1), "KCRAWLER_VAULT_KV_MOUNTS"));
    }
    return mounts;
  }

  static String trimSlashes(String path) {
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    return path.substring(from, to);
  }

  private static int kvVersion(String text, String variable) {
    String v = text.strip();
    if (!v.equals("1") && !v.equals("2")) {
      throw new IllegalArgumentException(variable + ": KV version must be 1 or 2");
    }
    return Integer.parseInt(v);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required by the enabled secret store");
    }
    return value.strip();
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return value.strip().matches("\\d+")
          ? Duration.ofSeconds(Long.parseLong(value.strip()))
          : Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": expected seconds or ISO-8601 such as PT5M");
    }
  }
}
