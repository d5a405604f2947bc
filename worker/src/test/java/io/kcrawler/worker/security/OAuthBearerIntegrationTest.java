package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.oauth.OAuthTokenContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL/OAUTHBEARER with OIDC client credentials against a real broker that validates tokens as
 * Kafka does (OAuthBearerValidatorCallbackHandler, signature against the identity provider's JWK
 * Set, audience and issuer): the crawler's token is fetched by Kafka's own login handler from the
 * token endpoint stand-in; the principal {@code User:kcrawler} holds only the README's describe
 * ACLs and crawls every phase; a refused client fails AUTH_FAILED on the first attempt.
 */
class OAuthBearerIntegrationTest {
  static final String ISSUER = "https://idp.kcrawler.test";
  static final String AUDIENCE = "kafka";
  static final String CLIENT_SECRET = "oauth-kafka-secret-never-logged";

  static OAuthTokenContractServer idp;
  static EmbeddedKafkaCluster kafka;
  static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    idp =
        OAuthTokenContractServer.start()
            .client("kcrawler", CLIENT_SECRET)
            .signedJwts(ISSUER, AUDIENCE);
    kafka =
        EmbeddedKafkaCluster.builder()
            .saslSsl("admin-pw")
            .oauthBearer(idp.jwksEndpoint(), AUDIENCE, ISSUER)
            .withAuthorizer()
            .start();
    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      admin
          .createTopics(
              List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("payments", 1, (short) 1)))
          .all()
          .get();
      List<AclBinding> acls = new ArrayList<>();
      for (AclOperation op : List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
        acls.add(allow(ResourceType.CLUSTER, "kafka-cluster", op));
        acls.add(allow(ResourceType.TOPIC, "*", op));
      }
      acls.add(allow(ResourceType.GROUP, "*", AclOperation.DESCRIBE));
      admin.createAcls(acls).all().get();
    }
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(Map.of("OAUTH_SECRET", CLIENT_SECRET, "WRONG", "nope")),
            WorkerFactoryOptions.getDefaultInstance());
  }

  @AfterAll
  static void stop() {
    env.close();
    kafka.close();
    idp.close();
  }

  private static AclBinding allow(ResourceType type, String name, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry("User:kcrawler", "*", op, AclPermissionType.ALLOW));
  }

  private static CrawlRequest request(String id, String secretRef) {
    return CrawlRequest.of(id, kafka.bootstrapServers())
        .withSecurity(
            SecurityConfig.oauthBearer(
                new OAuthConfig(
                    idp.tokenEndpoint(), "kcrawler", secretRef, "kafka", "lkc-test", "pool-test"),
                TlsConfig.caCertificate("file:" + kafka.caCertificatePem())));
  }

  @Test
  void givenClientCredentials_whenCrawled_thenEveryPhaseRunsWithTheBrokerValidatedToken() {
    CrawlSummary summary = env.crawl(request("oauth-ok", "env:OAUTH_SECRET"));

    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.phases())
        .allSatisfy(p -> assertThat(p.status()).isIn(PhaseStatus.OK, PhaseStatus.SKIPPED));
    assertThat(summary.counts()).containsEntry("topics", 2L).containsEntry("partitions", 3L);
    assertThat(idp.issued()).isPositive();
  }

  @Test
  void givenAWrongClientSecret_whenCrawled_thenAuthFailedOnTheFirstAttemptWithoutTheSecret() {
    WorkflowStub stub = env.start(Json.mapper().valueToTree(request("oauth-bad", "env:WRONG")));

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
