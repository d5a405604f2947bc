package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a SCRAM-SHA-512 user whose crawl works, when an administrator changes the user's password
 * (the credentials the crawler holds have expired), then the next crawl fails with AUTH_FAILED
 * after exactly one attempt, naming the user, the mechanism and the password reference, never the
 * value. Wrong credentials on a fresh connection are {@code AuthFailureIntegrationTest}.
 */
class ExpiredCredentialsIntegrationTest {
  private static EmbeddedKafkaCluster kafka;
  private static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        EmbeddedKafkaCluster.builder().saslSsl("admin-pw").scramUser("crawler", "old-pw").start();
    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      admin.createTopics(List.of(new NewTopic("scram-orders", 1, (short) 1))).all().get();
    }
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(Map.of("CRAWLER_PW", "old-pw")),
            WorkerFactoryOptions.getDefaultInstance());
  }

  @AfterAll
  static void stop() {
    env.close();
    kafka.close();
  }

  @Test
  void passwordChangedOnTheClusterFailsTheNextCrawlWithAuthFailedOnTheFirstAttempt()
      throws Exception {
    TlsConfig tls = TlsConfig.caCertificate("file:" + kafka.caCertificatePem());
    CrawlRequest request =
        CrawlRequest.of("scram", kafka.bootstrapServers())
            .withSecurity(
                SecurityConfig.sasl("SASL_SSL", "SCRAM-SHA-512", "crawler", "env:CRAWLER_PW")
                    .withTls(tls));
    CrawlSummary before = env.crawl(request);
    assertThat(before.status()).as(before.toString()).isEqualTo(CrawlStatus.SUCCEEDED);

    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      "crawler",
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                      "new-pw")))
          .all()
          .get();
    }
    awaitOldPasswordRefused();

    WorkflowStub stub = env.start(Json.mapper().valueToTree(request));
    Throwable thrown = catchThrowable(() -> stub.getResult(CrawlSummary.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("AUTH_FAILED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("preflight", "SASL/SCRAM-SHA-512", "user 'crawler'", "env:CRAWLER_PW")
        .doesNotContain("old-pw");
    List<HistoryEvent> history = env.history(stub.getExecution().getWorkflowId());
    assertThat(
            history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()))
        .containsOnly(1);
  }

  /**
   * The credential change reaches the broker through the metadata log, a moment after the
   * controller acknowledged it: wait until the broker refuses the old password, not a fixed time.
   */
  private static void awaitOldPasswordRefused() throws Exception {
    Properties old = new Properties();
    old.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    old.putAll(kafka.clientSecurity("crawler", "old-pw", "SCRAM-SHA-512"));
    old.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    old.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Admin admin = Admin.create(old)) {
        admin.describeCluster().clusterId().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SaslAuthenticationException) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the broker still accepts the old password after 30 s");
  }
}
