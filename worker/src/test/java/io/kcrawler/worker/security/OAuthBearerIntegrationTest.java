package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.oauth.OAuthTokenContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.BrokerLogs;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL/OAUTHBEARER with OIDC client credentials against a real broker that validates tokens as
 * Kafka does ({@link OAuthCluster}): the crawler's token is fetched by Kafka's own login handler
 * from the token endpoint stand-in; the principal {@code User:kcrawler} holds only the README's
 * minimal ACLs, crawls every phase, and the broker's own request and authorizer logs show it sent
 * only list/describe requests. A client the token endpoint refuses, a token the broker cannot
 * verify and an expired token each fail AUTH_FAILED on the first attempt.
 */
class OAuthBearerIntegrationTest {
  static final String CLIENT_SECRET = "oauth-kafka-secret-never-logged";

  static OAuthCluster cluster;
  static CrawlTestEnv env;
  static BrokerLogs brokerLogs;

  @BeforeAll
  static void start() throws Exception {
    cluster = new OAuthCluster(CLIENT_SECRET);
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(Map.of("OAUTH_SECRET", CLIENT_SECRET, "WRONG", "nope")),
            WorkerFactoryOptions.getDefaultInstance());
    brokerLogs = BrokerLogs.capture();
  }

  @AfterAll
  static void stop() {
    brokerLogs.close();
    env.close();
    cluster.close();
  }

  @Test
  void givenClientCredentials_whenCrawled_thenEveryPhaseRunsWithTheBrokerValidatedToken() {
    CrawlSummary summary = env.crawl(cluster.request("oauth-ok", "env:OAUTH_SECRET"));

    TlsCluster.assertEveryPhaseCrawled(summary, cluster.kafka.clusterId(), cluster.dataset);
    assertThat(cluster.idp.issued()).isPositive();
  }

  @Test
  void givenMinimalAcls_whenCrawledWithAnOAuthToken_thenTheBrokerSawOnlyReadOnlyRequests() {
    brokerLogs.clear();

    CrawlSummary summary = env.crawl(cluster.request("oauth-read-only", "env:OAUTH_SECRET"));

    TlsCluster.assertEveryPhaseCrawled(summary, cluster.kafka.clusterId(), cluster.dataset);
    // The principal is the validated token's subject: only an OAUTHBEARER login yields it here.
    Set<String> apis = brokerLogs.apisSentBy(OAuthCluster.PRINCIPAL);
    assertThat(apis)
        .contains("METADATA", "DESCRIBE_CONFIGS", "DESCRIBE_ACLS", "OFFSET_FETCH", "LIST_OFFSETS")
        .isSubsetOf(BrokerLogs.READ_ONLY_APIS);
    assertThat(brokerLogs.operationsDecidedFor(OAuthCluster.PRINCIPAL))
        .isNotEmpty()
        .isSubsetOf(BrokerLogs.READ_ONLY_OPERATIONS);
    assertThat(brokerLogs.deniedOperations(OAuthCluster.PRINCIPAL)).isEmpty();
  }

  @Test
  void givenAWrongClientSecret_whenCrawled_thenAuthFailedOnTheFirstAttemptWithoutTheSecret() {
    ApplicationFailure failure = failsOnTheFirstAttempt(cluster.request("oauth-bad", "env:WRONG"));

    assertThat(failure.getType()).isEqualTo("AUTH_FAILED");
    assertThat(failure.getOriginalMessage())
        .contains("token endpoint refused")
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain("nope");
  }

  @Test
  void givenATokenTheBrokerCannotVerify_whenCrawled_thenAuthFailedOnTheFirstAttempt()
      throws Exception {
    // Another identity provider: a well-formed token, signed by a key the broker's JWKS lacks.
    try (OAuthTokenContractServer stranger =
        OAuthTokenContractServer.start()
            .client(OAuthCluster.CLIENT_ID, CLIENT_SECRET)
            .signedJwts(OAuthCluster.ISSUER, OAuthCluster.AUDIENCE)) {
      ApplicationFailure failure =
          failsOnTheFirstAttempt(
              cluster.request("oauth-unverifiable", "env:OAUTH_SECRET", stranger.tokenEndpoint()));

      // The broker's validator answered RFC 6750's invalid_token; the message names the client and
      // the endpoint, and says where to look.
      assertThat(failure.getType()).isEqualTo("AUTH_FAILED");
      assertThat(failure.getOriginalMessage())
          .contains("'kcrawler'", stranger.tokenEndpoint(), "invalid_token")
          .doesNotContain(CLIENT_SECRET);
      assertThat(stranger.issued()).isPositive();
    }
  }

  @Test
  void givenAnExpiredToken_whenCrawled_thenAuthFailedOnTheFirstAttempt() throws Exception {
    try (OAuthTokenContractServer stale =
        OAuthTokenContractServer.start()
            .client(OAuthCluster.CLIENT_ID, CLIENT_SECRET)
            .signedJwts(OAuthCluster.ISSUER, OAuthCluster.AUDIENCE)) {
      // Beyond Kafka's default clock skew allowance (30 s).
      stale.tokenLifetime(Duration.ofMinutes(-10));
      ApplicationFailure failure =
          failsOnTheFirstAttempt(
              cluster.request("oauth-expired", "env:OAUTH_SECRET", stale.tokenEndpoint()));

      assertThat(failure.getType()).isEqualTo("AUTH_FAILED");
      assertThat(failure.getOriginalMessage()).contains("invalid_token");
      assertThat(stale.issued()).isPositive();
    }
  }

  private static ApplicationFailure failsOnTheFirstAttempt(CrawlRequest request) {
    WorkflowStub stub = env.start(Json.mapper().valueToTree(request));

    Throwable thrown = catchThrowable(() -> stub.getResult(Object.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    assertThat(env.history(stub.getExecution().getWorkflowId()))
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .allSatisfy(
            e -> assertThat(e.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(1));
    return (ApplicationFailure) thrown.getCause();
  }
}
