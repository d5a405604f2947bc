package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

/**
 * Key Vault's {@code GET {vault}/secrets/{name}?api-version=…}: an unauthenticated first request
 * answered 401 with a {@code WWW-Authenticate: Bearer authorization=…, resource=…} challenge, then
 * the bearer token for {@code <resource>/.default}; 404 {@code SecretNotFound} and 403 {@code
 * Forbidden} error bodies. Served over TLS because the SDK refuses to send tokens over http.
 */
class AzureKeyVaultSecretStoreContractTest {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.azure-test-token";
  private static final List<String> requestedScopes = new CopyOnWriteArrayList<>();
  private static final AtomicInteger challengesIssued = new AtomicInteger();
  private static ContractServer keyVault;
  private static X509Certificate serverCert;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    TestTls tls = TestTls.selfSigned(tmp);
    serverCert = tls.certificate();
    keyVault =
        ContractServer.https(
            tls.serverContext(), AzureKeyVaultSecretStoreContractTest::keyVaultApi);
  }

  @AfterAll
  static void stop() {
    keyVault.close();
  }

  @BeforeEach
  void reset() {
    keyVault.clearRequests();
    requestedScopes.clear();
  }

  private static Response keyVaultApi(Request r) {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      challengesIssued.incrementAndGet();
      return new Response(
          401,
          "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10000: Request is missing a"
              + " Bearer or PoP token.\"}}",
          Map.of(
              "Content-Type",
              "application/json",
              "WWW-Authenticate",
              "Bearer authorization=\"https://login.microsoftonline.com/"
                  + "72f988bf-86f1-41af-91ab-2d7cd011db47\", resource=\"https://vault.azure.net\""));
    }
    // GET {vault}/secrets/{name}/{version}: the SDK sends an empty version for "latest".
    String path = r.path().endsWith("/") ? r.path().substring(0, r.path().length() - 1) : r.path();
    return switch (path) {
      case "/secrets/kafka-prod" ->
          Response.json(
              200,
              """
              {"value":"{\\"password\\":\\"azure-pw-1\\"}",
               "contentType":"application/json",
               "id":"%s/secrets/kafka-prod/4387e9f3d6e14c459867679a90fd0f79",
               "attributes":{"enabled":true,"created":1493938410,"updated":1493938410,
                             "recoveryLevel":"Recoverable+Purgeable"}}
              """
                  .formatted(keyVault.url()));
      case "/secrets/forbidden" ->
          Response.json(
              403,
              """
              {"error":{"code":"Forbidden","message":"Caller is not authorized to perform action\
               on resource. Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",\
               "innererror":{"code":"ForbiddenByRbac"}}}
              """);
      case "/secrets/outage" ->
          new Response(
              503,
              "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Service Unavailable\"}}",
              Map.of("Content-Type", "application/json", "Retry-After", "0"));
      default ->
          Response.json(
              404,
              """
              {"error":{"code":"SecretNotFound","message":"A secret with (name/id) nope was not\
               found in this key vault."}}
              """);
    };
  }

  private static SecretResolver resolver() throws Exception {
    TokenCredential credential =
        context -> {
          requestedScopes.addAll(context.getScopes());
          return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        };
    HttpClient trustingTestCert =
        HttpClient.create()
            .secure(
                spec ->
                    spec.sslContext(
                        Http11SslContextSpec.forClient()
                            .configure(b -> b.trustManager(serverCert))));
    var store =
        new AzureKeyVaultSecretStore(
            new SecretStoreConfig.Azure("vault.azure.net", null, null, null, null, null, true),
            Duration.ofSeconds(5),
            credential,
            new NettyAsyncHttpClientBuilder(trustingTestCert).build());
    return new CompositeSecretResolver(
        Map.of("azure-kv", store), Duration.ofMinutes(5), Clock.systemUTC());
  }

  @Test
  void givenVaultUrl_whenResolvingKey_thenAnswersChallengeWithBearerTokenAndPicksKey()
      throws Exception {
    assertThat(resolver().resolve("azure-kv:" + keyVault.url() + "/kafka-prod#password"))
        .isEqualTo("azure-pw-1");

    // The SDK caches the challenge per vault host for the JVM, so count it across the class.
    assertThat(challengesIssued).as("token scope learned from a 401 challenge").hasPositiveValue();
    List<Request> calls = keyVault.requests();
    Request read = calls.get(calls.size() - 1);
    assertThat(read.method() + " " + read.path()).isEqualTo("GET /secrets/kafka-prod/");
    assertThat(read.query()).startsWith("api-version=");
    assertThat(read.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(requestedScopes).containsExactly("https://vault.azure.net/.default");
  }

  @Test
  void givenUnknownSecret_whenResolving_thenNonTransientNotFound() throws Exception {
    String ref = "azure-kv:" + keyVault.url() + "/nope";
    assertThatThrownBy(() -> resolver().resolve(ref))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining(ref)
        .hasMessageContaining("no such secret");
  }

  @Test
  void givenNoRbacRole_whenResolving_thenNonTransientDenied() throws Exception {
    assertThatThrownBy(() -> resolver().resolve("azure-kv:" + keyVault.url() + "/forbidden"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("denied");
  }

  @Test
  void givenServiceUnavailable_whenResolving_thenTransient() throws Exception {
    assertThatThrownBy(() -> resolver().resolve("azure-kv:" + keyVault.url() + "/outage"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isTrue());
  }
}
