package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.secrets.SecretStoreConfig.VaultAuth;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault's HTTP API as documented: AppRole and Kubernetes login, KV v2 ({@code <mount>/data/<path>}
 * with {@code data.data}) and KV v1 reads with {@code X-Vault-Token}, 404 {@code {"errors":[]}} and
 * 403 {@code {"errors":["permission denied"]}}.
 */
class VaultSecretStoreContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT_TOKEN = "hvs.static-token";
  private static final String ROLE_ID = "role-1234";
  private static final String SECRET_ID = "secret-id-5678";
  private static final String K8S_JWT = "eyJhbGciOiJSUzI1NiJ9.k8s-sa-token";

  private static final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger logins = new AtomicInteger();
  private static volatile String password = "kafka-pw-v1";
  private static ContractServer vault;

  @TempDir Path tmp;

  @BeforeAll
  static void startVault() throws IOException {
    vault = ContractServer.http(VaultSecretStoreContractTest::vaultApi);
  }

  @AfterAll
  static void stopVault() {
    vault.close();
  }

  @BeforeEach
  void reset() {
    validTokens.clear();
    validTokens.add(ROOT_TOKEN);
    logins.set(0);
    password = "kafka-pw-v1";
    vault.clearRequests();
  }

  private static Response vaultApi(Request r) {
    try {
      if (r.method().equals("POST") && r.path().equals("/v1/auth/approle/login")) {
        JsonNode body = JSON.readTree(r.body());
        return body.path("role_id").asText().equals(ROLE_ID)
                && body.path("secret_id").asText().equals(SECRET_ID)
            ? login("approle")
            : Response.json(400, "{\"errors\":[\"invalid role or secret ID\"]}");
      }
      if (r.method().equals("POST") && r.path().equals("/v1/auth/kubernetes/login")) {
        JsonNode body = JSON.readTree(r.body());
        return body.path("role").asText().equals("crawler")
                && body.path("jwt").asText().equals(K8S_JWT)
            ? login("kubernetes")
            : Response.json(403, "{\"errors\":[\"permission denied\"]}");
      }
    } catch (IOException e) {
      return Response.json(400, "{\"errors\":[\"failed to parse JSON input\"]}");
    }
    if (!r.method().equals("GET") || !validTokens.contains(r.header("X-Vault-Token"))) {
      return Response.json(403, "{\"errors\":[\"permission denied\"]}");
    }
    return switch (r.path()) {
      case "/v1/secret/data/kafka/prod" ->
          Response.json(
              200,
              """
              {"request_id":"8b0e1f3a-0000-4000-8000-000000000001","lease_id":"","renewable":false,
               "lease_duration":0,
               "data":{"data":{"username":"crawler","password":"%s"},
                       "metadata":{"created_time":"2026-11-01T10:00:00.000000Z","custom_metadata":null,
                                   "deletion_time":"","destroyed":false,"version":3}},
               "wrap_info":null,"warnings":null,"auth":null}
              """
                  .formatted(password));
      case "/v1/legacy/kafka/dev" ->
          Response.json(
              200,
              """
              {"request_id":"8b0e1f3a-0000-4000-8000-000000000002","lease_id":"","renewable":false,
               "lease_duration":2764800,"data":{"password":"legacy-pw"},
               "wrap_info":null,"warnings":null,"auth":null}
              """);
      case "/v1/secret/data/forbidden/path" ->
          Response.json(403, "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}");
      default -> Response.json(404, "{\"errors\":[]}");
    };
  }

  private static Response login(String method) {
    String token = "hvs." + method + "-" + logins.incrementAndGet();
    validTokens.add(token);
    return Response.json(
        200,
        """
        {"request_id":"c0ffee00-0000-4000-8000-000000000003","lease_id":"","renewable":false,
         "lease_duration":0,"data":null,"wrap_info":null,"warnings":null,
         "auth":{"client_token":"%s","accessor":"acc-1","policies":["default","kcrawler"],
                 "token_policies":["default","kcrawler"],"metadata":{"role_name":"crawler"},
                 "lease_duration":2764800,"renewable":true,"entity_id":"e-1","token_type":"service",
                 "orphan":true}}
        """
            .formatted(token));
  }

  private SecretResolver resolver(VaultAuth auth, Map<String, Integer> kvMounts)
      throws IOException {
    Path jwt = Files.writeString(tmp.resolve("sa-token"), K8S_JWT + "\n");
    var config =
        new SecretStoreConfig(
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            new SecretStoreConfig.Vault(
                vault.url(),
                "team-a",
                auth,
                "env:VAULT_TOKEN",
                ROLE_ID,
                "env:VAULT_SECRET_ID",
                "crawler",
                "file:" + jwt,
                null,
                2,
                kvMounts,
                null),
            null,
            null,
            null);
    return SecretResolvers.fromConfig(
        config, Map.of("VAULT_TOKEN", ROOT_TOKEN, "VAULT_SECRET_ID", SECRET_ID));
  }

  @Test
  void givenTokenAuth_whenResolvingKvV2Key_thenReadsDataPathWithTokenAndNamespace()
      throws IOException {
    SecretResolver resolver = resolver(VaultAuth.TOKEN, Map.of());

    assertThat(resolver.resolve("vault:secret/kafka/prod#password")).isEqualTo("kafka-pw-v1");
    assertThat(resolver.resolve("vault:secret/kafka/prod#username")).isEqualTo("crawler");

    Request read = vault.requests().get(0);
    assertThat(read.path()).isEqualTo("/v1/secret/data/kafka/prod");
    assertThat(read.header("X-Vault-Token")).isEqualTo(ROOT_TOKEN);
    assertThat(read.header("X-Vault-Namespace")).isEqualTo("team-a");
    assertThat(vault.requests()).as("second key served from the cache").hasSize(1);
  }

  @Test
  void givenAppRole_whenResolving_thenLogsInOnceAndReadsWithTheIssuedToken() throws IOException {
    SecretResolver resolver = resolver(VaultAuth.APPROLE, Map.of());

    assertThat(resolver.resolve("vault:secret/kafka/prod#password")).isEqualTo("kafka-pw-v1");

    Request loginRequest = vault.requests().get(0);
    assertThat(loginRequest.method() + " " + loginRequest.path())
        .isEqualTo("POST /v1/auth/approle/login");
    JsonNode body = JSON.readTree(loginRequest.body());
    assertThat(body.path("role_id").asText()).isEqualTo(ROLE_ID);
    assertThat(body.path("secret_id").asText()).isEqualTo(SECRET_ID);
    assertThat(vault.requests().get(1).header("X-Vault-Token")).isEqualTo("hvs.approle-1");
  }

  @Test
  void givenKubernetesAuth_whenResolving_thenLogsInWithTheServiceAccountJwt() throws IOException {
    SecretResolver resolver = resolver(VaultAuth.KUBERNETES, Map.of());

    assertThat(resolver.resolve("vault:secret/kafka/prod#username")).isEqualTo("crawler");

    Request loginRequest = vault.requests().get(0);
    assertThat(loginRequest.path()).isEqualTo("/v1/auth/kubernetes/login");
    JsonNode body = JSON.readTree(loginRequest.body());
    assertThat(body.path("role").asText()).isEqualTo("crawler");
    assertThat(body.path("jwt").asText()).isEqualTo(K8S_JWT);
    assertThat(vault.requests().get(1).header("X-Vault-Token")).isEqualTo("hvs.kubernetes-1");
  }

  @Test
  void givenKvV1Mount_whenResolvingWithoutKey_thenReadsPlainPathAndItsOnlyField()
      throws IOException {
    SecretResolver resolver = resolver(VaultAuth.TOKEN, Map.of("legacy", 1));

    assertThat(resolver.resolve("vault:legacy/kafka/dev")).isEqualTo("legacy-pw");
    assertThat(vault.requests().get(0).path()).isEqualTo("/v1/legacy/kafka/dev");
  }

  @Test
  void givenMissingSecret_whenResolving_thenNonTransientNotFoundNamingTheReference()
      throws IOException {
    SecretResolver resolver = resolver(VaultAuth.TOKEN, Map.of());

    assertThatThrownBy(() -> resolver.resolve("vault:secret/kafka/nope#password"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("vault:secret/kafka/nope")
        .hasMessageContaining("no such secret");
  }

  @Test
  void givenPolicyDeniesPath_whenResolving_thenNonTransientPermissionDenied() throws IOException {
    SecretResolver resolver = resolver(VaultAuth.TOKEN, Map.of());

    assertThatThrownBy(() -> resolver.resolve("vault:secret/forbidden/path#x"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("vault:secret/forbidden/path")
        .hasMessageContaining("denied");
  }

  @Test
  void givenWrongAppRoleSecretId_whenResolving_thenNonTransientLoginFailure() throws IOException {
    var config =
        new SecretStoreConfig(
            Duration.ZERO,
            Duration.ofSeconds(5),
            new SecretStoreConfig.Vault(
                vault.url(),
                null,
                VaultAuth.APPROLE,
                null,
                ROLE_ID,
                "env:WRONG",
                null,
                null,
                null,
                2,
                Map.of(),
                null),
            null,
            null,
            null);
    SecretResolver resolver = SecretResolvers.fromConfig(config, Map.of("WRONG", "not-it"));

    assertThatThrownBy(() -> resolver.resolve("vault:secret/kafka/prod#password"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("approle login failed");
  }

  @Test
  void givenVaultDown_whenResolving_thenTransientFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var config =
        new SecretStoreConfig(
            Duration.ZERO,
            Duration.ofSeconds(2),
            new SecretStoreConfig.Vault(
                "http://127.0.0.1:" + closedPort,
                null,
                VaultAuth.TOKEN,
                "env:VAULT_TOKEN",
                null,
                null,
                null,
                null,
                null,
                2,
                Map.of(),
                null),
            null,
            null,
            null);
    SecretResolver resolver = SecretResolvers.fromConfig(config, Map.of("VAULT_TOKEN", ROOT_TOKEN));

    assertThatThrownBy(() -> resolver.resolve("vault:secret/kafka/prod#password"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isTrue())
        .hasMessageContaining("unreachable");
  }

  @Test
  void givenRotatedPassword_whenInvalidated_thenNextResolveReadsTheNewValue() throws IOException {
    SecretResolver resolver = resolver(VaultAuth.APPROLE, Map.of());
    assertThat(resolver.resolve("vault:secret/kafka/prod#password")).isEqualTo("kafka-pw-v1");

    password = "kafka-pw-v2";
    assertThat(resolver.resolve("vault:secret/kafka/prod#password"))
        .as("cached until invalidated")
        .isEqualTo("kafka-pw-v1");

    resolver.invalidate("vault:secret/kafka/prod#password");
    assertThat(resolver.resolve("vault:secret/kafka/prod#password")).isEqualTo("kafka-pw-v2");
  }

  @Test
  void givenRevokedLoginToken_whenResolving_thenLogsInAgainOnce() throws IOException {
    var config =
        new SecretStoreConfig(
            Duration.ZERO,
            Duration.ofSeconds(5),
            new SecretStoreConfig.Vault(
                vault.url(),
                null,
                VaultAuth.APPROLE,
                null,
                ROLE_ID,
                "env:SID",
                null,
                null,
                null,
                2,
                Map.of(),
                null),
            null,
            null,
            null);
    SecretResolver resolver = SecretResolvers.fromConfig(config, Map.of("SID", SECRET_ID));
    resolver.resolve("vault:secret/kafka/prod#password");

    validTokens.remove("hvs.approle-1");

    assertThat(resolver.resolve("vault:secret/kafka/prod#password")).isEqualTo("kafka-pw-v1");
    assertThat(logins).hasValue(2);
  }

  @Test
  void givenVaultOverTlsWithPrivateCa_whenCaCertConfigured_thenReadsOverHttps() throws Exception {
    TestTls tls = TestTls.selfSigned(tmp);
    try (ContractServer httpsVault =
        ContractServer.https(tls.serverContext(), VaultSecretStoreContractTest::vaultApi)) {
      var config =
          new SecretStoreConfig(
              Duration.ZERO,
              Duration.ofSeconds(5),
              new SecretStoreConfig.Vault(
                  httpsVault.url(),
                  null,
                  VaultAuth.TOKEN,
                  "env:VAULT_TOKEN",
                  null,
                  null,
                  null,
                  null,
                  null,
                  2,
                  Map.of(),
                  tls.pem().toString()),
              null,
              null,
              null);
      SecretResolver resolver =
          SecretResolvers.fromConfig(config, Map.of("VAULT_TOKEN", ROOT_TOKEN));

      assertThat(resolver.resolve("vault:secret/kafka/prod#username")).isEqualTo("crawler");
    }
  }
}
