package io.kcrawler.activities.schemaregistry;

import static io.kcrawler.activities.schemaregistry.SchemaRegistryFaultsContractTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.oauth.OAuthTokenContractServer;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.SchemaRegistryConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry behind OAuth, as Confluent Cloud runs it: tokens from an identity provider with the
 * client credentials grant (the token endpoint stand-in answers as RFC 6749 documents), sent with
 * Confluent's routing headers; a token is renewed before it expires during a long schema phase; a
 * refused client fails the phase AUTH_FAILED without the secret in the message.
 */
class SchemaRegistryOAuthContractTest {
  static final String CLIENT_SECRET = "oauth-client-secret-never-logged";
  static final String LOGICAL_CLUSTER = "lsrc-abc123";
  static final String POOL = "pool-Xy12";

  @TempDir Path dir;
  OAuthTokenContractServer idp;
  SchemaRegistryContractServer registry;
  SchemaCrawlFixture fixture;

  @BeforeEach
  void start() throws Exception {
    idp = OAuthTokenContractServer.start().client("kcrawler", CLIENT_SECRET);
    registry = SchemaRegistryContractServer.start();
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      registry.register(
          "t" + i + "-value",
          "AVRO",
          "{\"type\":\"record\",\"name\":\"R"
              + i
              + "\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
      topics.add("t" + i);
    }
    registry.requireOAuth(idp::live, LOGICAL_CLUSTER, POOL);
    fixture =
        new SchemaCrawlFixture(
            dir,
            new EnvFileSecretResolver(Map.of("SR_CLIENT_SECRET", CLIENT_SECRET, "WRONG", "nope")),
            SchemaCrawlFixture.FAST);
  }

  @AfterEach
  void stop() {
    fixture.close();
    registry.close();
    idp.close();
  }

  private SchemaRegistryConfig oauth(String secretRef, boolean compatibility) {
    return new SchemaRegistryConfig(
        registry.url(),
        "OAUTH",
        null,
        null,
        null,
        null,
        false,
        compatibility,
        false,
        null,
        null,
        null,
        null,
        null,
        new OAuthConfig(
            idp.tokenEndpoint(), "kcrawler", secretRef, "schema_registry", LOGICAL_CLUSTER, POOL));
  }

  private List<String> topics() {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      t.add("t" + i);
    }
    return t;
  }

  @Test
  void givenClientCredentials_whenCrawled_thenEveryRequestCarriesALiveTokenAndTheRoutingHeaders()
      throws Exception {
    SchemaCrawlFixture.Result r =
        fixture.crawl(oauth("env:SR_CLIENT_SECRET", false), topics(), null);

    assertThat(r.subjects()).hasSize(24);
    assertThat(idp.issued()).isEqualTo(1);
    assertThat(registry.requests())
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.header("target-sr-cluster")).isEqualTo(LOGICAL_CLUSTER);
              assertThat(q.header("Confluent-Identity-Pool-Id")).isEqualTo(POOL);
              assertThat(q.header("Authorization")).startsWith("Bearer ");
            });
  }

  @Test
  void
      givenTokensLivingOneSecond_whenTheSchemaPhaseTakesLonger_thenTokensAreRenewedAndNothingIsRefused()
          throws Exception {
    idp.tokenLifetime(Duration.ofSeconds(1));
    registry.delay(Duration.ofMillis(150));

    long started = System.nanoTime();
    // Per-subject compatibility: 24 more requests, 4 at a time, each 150 ms: longer than a token.
    SchemaCrawlFixture.Result r =
        fixture.crawl(oauth("env:SR_CLIENT_SECRET", true), topics(), null);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isGreaterThan(Duration.ofSeconds(1));
    assertThat(r.subjects()).hasSize(24);
    assertThat(idp.issued()).as("renewed at 80%% of a 1 s lifetime over %s", took).isGreaterThan(1);
    // Renewed before expiry, never after a refusal: the registry answered every request.
    assertThat(r.phase().counts().get("registryRequests")).isEqualTo(registry.requests().size());
  }

  @Test
  void givenAWrongClientSecret_whenCrawled_thenAuthFailedNamingTheEndpointAndClientNotTheSecret() {
    ApplicationFailure f =
        failureOf(() -> fixture.crawl(oauth("env:WRONG", false), topics(), null));

    assertThat(f.getType()).isEqualTo(FailureType.AUTH_FAILED.name());
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains(idp.tokenEndpoint(), "client kcrawler", "invalid_client")
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain("nope");
    assertThat(registry.requests()).isEmpty();
  }
}
