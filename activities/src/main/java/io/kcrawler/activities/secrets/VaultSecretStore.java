package io.kcrawler.activities.secrets;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads KV v1/v2 entries from HashiCorp Vault with the jopenlibs driver, logging in with a token,
 * AppRole or a Kubernetes service-account token. See {@link SecretStoreConfig} for the reference
 * form.
 */
final class VaultSecretStore implements SecretStore {
  private static final String STORE = "Vault";

  private final SecretStoreConfig.Vault config;
  private final int timeoutSeconds;
  private final SecretResolver bootstrap;
  private final Clock clock;
  // Without one, the driver builds a new java.net.http.HttpClient (and its threads) per request.
  private final HttpClient http;
  private Login login;

  VaultSecretStore(
      SecretStoreConfig.Vault config, Duration timeout, SecretResolver bootstrap, Clock clock) {
    this.config = config;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.bootstrap = bootstrap;
    this.clock = clock;
    HttpClient.Builder http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
    if (config.caCertPath() != null) {
      http.sslContext(trusting(Path.of(config.caCertPath())));
    }
    this.http = http.build();
  }

  @Override
  public Secret fetch(SecretReference ref) {
    String apiPath = apiPath(ref);
    try {
      LogicalResponse response = read(ref, apiPath);
      if (response.getRestResponse().getStatus() == 403) {
        // The token may have expired or been rotated since login: log in once more.
        forgetLogin();
        response = read(ref, apiPath);
      }
      // The driver returns 4xx as a response rather than throwing.
      int status = response.getRestResponse().getStatus();
      return switch (status) {
        case 200 -> Secret.fields(fields(response, kvVersion(ref)));
        case 404 -> throw SecretErrors.notFound(ref, STORE);
        case 401, 403 -> throw SecretErrors.denied(ref, STORE);
        default -> throw statusFailure(ref, status, null);
      };
    } catch (VaultException e) {
      throw statusFailure(ref, e.getHttpStatusCode(), e);
    }
  }

  private static SecretResolutionException statusFailure(
      SecretReference ref, int status, VaultException cause) {
    // Status 0: no HTTP answer at all (connection refused, timeout).
    if (status == 0 || status == 429 || status >= 500) {
      return SecretErrors.unreachable(
          ref, STORE, cause != null ? cause : new VaultException("HTTP " + status, status));
    }
    if (status == 401 || status == 403) {
      return SecretErrors.denied(ref, STORE);
    }
    return SecretErrors.rejected(ref, STORE, "HTTP " + status);
  }

  /** {@code <mount>/data/<path>} for KV v2, {@code <mount>/<path>} for v1. */
  String apiPath(SecretReference ref) {
    String path = SecretStoreConfig.trimSlashes(ref.locator());
    String mount = mount(path);
    if (mount.isEmpty() || mount.length() >= path.length()) {
      throw new SecretResolutionException(
          "credential reference " + ref + ": expected vault:<mount>/<path>[#key]");
    }
    String rest = path.substring(mount.length() + 1);
    return kvVersion(ref) == 2 ? mount + "/data/" + rest : mount + "/" + rest;
  }

  private int kvVersion(SecretReference ref) {
    String mount = mount(SecretStoreConfig.trimSlashes(ref.locator()));
    return config.kvMounts().getOrDefault(mount, config.defaultKvVersion());
  }

  private String mount(String path) {
    String best = "";
    for (String mount : config.kvMounts().keySet()) {
      if (path.startsWith(mount + "/") && mount.length() > best.length()) {
        best = mount;
      }
    }
    if (!best.isEmpty()) {
      return best;
    }
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  private static Map<String, String> fields(LogicalResponse response, int kvVersion) {
    JsonObject data = response.getDataObject();
    if (kvVersion == 2 && data != null) {
      JsonValue inner = data.get("data");
      data = inner != null && inner.isObject() ? inner.asObject() : null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    if (data != null) {
      for (String name : data.names()) {
        JsonValue value = data.get(name);
        fields.put(name, value.isString() ? value.asString() : value.toString());
      }
    }
    return fields;
  }

  private LogicalResponse read(SecretReference ref, String apiPath) throws VaultException {
    String token;
    try {
      token = token();
    } catch (VaultException e) {
      int status = e.getHttpStatusCode();
      if (status == 0 || status == 429 || status >= 500) {
        throw SecretErrors.unreachable(ref, STORE, e);
      }
      throw SecretErrors.rejected(
          ref, STORE, config.auth().name().toLowerCase() + " login failed, HTTP " + status);
    }
    return client(token).logical().read(apiPath);
  }

  private synchronized void forgetLogin() {
    login = null;
  }

  private synchronized String token() throws VaultException {
    Instant now = clock.instant();
    if (login != null && now.isBefore(login.renewAt())) {
      return login.token();
    }
    login =
        switch (config.auth()) {
          case TOKEN -> new Login(bootstrap.resolve(config.tokenRef()), Instant.MAX);
          case APPROLE ->
              login(
                  client(null)
                      .auth()
                      .loginByAppRole(
                          mountOr("approle"),
                          config.roleId(),
                          bootstrap.resolve(config.secretIdRef())),
                  now);
          case KUBERNETES ->
              login(
                  client(null)
                      .auth()
                      // Unlike loginByAppRole, the driver wants the full "auth/<mount>" here.
                      .loginByKubernetes(
                          config.role(),
                          bootstrap.resolve(config.jwtRef()),
                          "auth/" + mountOr("kubernetes")),
                  now);
        };
    return login.token();
  }

  private String mountOr(String fallback) {
    return config.authMount() == null ? fallback : config.authMount();
  }

  // Log in again at 80% of the lease so a read never races the token's expiry.
  private static Login login(AuthResponse auth, Instant now) {
    long lease = auth.getAuthLeaseDuration();
    Instant renewAt = lease > 0 ? now.plusMillis(lease * 800) : Instant.MAX;
    return new Login(auth.getAuthClientToken(), renewAt);
  }

  private Vault client(String token) throws VaultException {
    VaultConfig vaultConfig =
        new VaultConfig()
            // The driver would otherwise fill unset values from VAULT_* variables.
            .environmentLoader(NO_ENVIRONMENT)
            .address(config.address())
            .httpClient(http)
            .openTimeout(timeoutSeconds)
            .readTimeout(timeoutSeconds)
            // Version 1 makes the driver use paths as given; apiPath() adds KV v2's data/.
            .engineVersion(1);
    if (token != null) {
      vaultConfig.token(token);
    }
    if (config.namespace() != null && !config.namespace().isBlank()) {
      vaultConfig.nameSpace(config.namespace());
    }
    return Vault.create(vaultConfig.build());
  }

  /** TLS that trusts only the given CA(s), as Vault's own {@code VAULT_CACERT} does. */
  private static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("vault-ca-" + i++, ca);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("KCRAWLER_VAULT_CACERT: cannot read CA from " + pem, e);
    }
  }

  private static final EnvironmentLoader NO_ENVIRONMENT =
      new EnvironmentLoader() {
        @Override
        public String loadVariable(String name) {
          return null;
        }
      };

  private record Login(String token, Instant renewAt) {
    @Override
    public String toString() {
      return "Login[token redacted, renewAt=" + renewAt + "]";
    }
  }
}
