package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a broker whose SASL_SSL listener requires SASL/PLAIN, when a crawl uses a wrong password,
 * then it fails with AUTH_FAILED after exactly one attempt and says what to check; with the right
 * password over the same listener (custom CA), the crawl succeeds.
 */
class AuthFailureIntegrationTest {
  private static EmbeddedKafkaCluster kafka;
  private static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        EmbeddedKafkaCluster.builder()
            .saslSsl("admin-pw")
            .plainUser("crawler", "right-password")
            .scramUser("scram-crawler", "scram-password")
            .start();
    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      admin.createTopics(List.of(new NewTopic("secure-orders", 2, (short) 1))).all().get();
    }
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(
                Map.of(
                    "GOOD_PASSWORD", "right-password",
                    "BAD_PASSWORD", "wrong-password",
                    "SCRAM_PASSWORD", "scram-password")),
            WorkerFactoryOptions.getDefaultInstance());
  }

  @AfterAll
  static void stop() {
    env.close();
    kafka.close();
  }

  private static CrawlRequest request(String passwordRef) {
    TlsConfig tls = TlsConfig.caCertificate("file:" + kafka.caCertificatePem());
    return CrawlRequest.of("secure", kafka.bootstrapServers())
        .withSecurity(
            SecurityConfig.sasl("SASL_SSL", "PLAIN", "crawler", passwordRef).withTls(tls));
  }

  @Test
  void wrongPasswordFailsWithAuthFailedOnTheFirstAttempt() {
    WorkflowStub stub =
        env.start(io.kcrawler.model.Json.mapper().valueToTree(request("env:BAD_PASSWORD")));

    Throwable thrown = catchThrowable(() -> stub.getResult(Object.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("AUTH_FAILED");
    assertThat(failure.getOriginalMessage())
        .contains("preflight", "SASL/PLAIN", "user 'crawler'", "env:BAD_PASSWORD")
        .doesNotContain("wrong-password");
    List<HistoryEvent> history = env.history(stub.getExecution().getWorkflowId());
    List<HistoryEvent> started =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
            .toList();
    // Preflight once, then only the release of the connection: no retry of the failed attempt.
    assertThat(started)
        .allSatisfy(
            e -> assertThat(e.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(1));
    assertThat(
            history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .containsExactly("Preflight", "ReleaseConnection");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
  void scramUsersCrawl(String mechanism) {
    TlsConfig tls = TlsConfig.caCertificate("file:" + kafka.caCertificatePem());
    CrawlRequest request =
        CrawlRequest.of(
                "scram-" + mechanism.toLowerCase(java.util.Locale.ROOT), kafka.bootstrapServers())
            .withSecurity(
                SecurityConfig.sasl("SASL_SSL", mechanism, "scram-crawler", "env:SCRAM_PASSWORD")
                    .withTls(tls));
    CrawlSummary summary = env.crawl(request);
    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.counts()).containsEntry("topics", 1L);
  }

  @Test
  void rightPasswordOverSaslSslWithACustomCaCrawls() {
    CrawlSummary summary = env.crawl(request("env:GOOD_PASSWORD"));
    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.clusterId()).isEqualTo(kafka.clusterId());
    assertThat(summary.counts()).containsEntry("topics", 1L).containsEntry("partitions", 2L);
  }
}
