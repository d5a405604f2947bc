package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.BrokerLogs;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactoryOptions;
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
 * only list/describe requests; a refused client fails AUTH_FAILED on the first attempt.
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
    WorkflowStub stub =
        env.start(Json.mapper().valueToTree(cluster.request("oauth-bad", "env:WRONG")));

    Throwable thrown = catchThrowable(() -> stub.getResult(Object.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("AUTH_FAILED");
    assertThat(failure.getOriginalMessage()).doesNotContain(CLIENT_SECRET).doesNotContain("nope");
    assertThat(env.history(stub.getExecution().getWorkflowId()))
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .allSatisfy(
            e -> assertThat(e.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(1));
  }
}
