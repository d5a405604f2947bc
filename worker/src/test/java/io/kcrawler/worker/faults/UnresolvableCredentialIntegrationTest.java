package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a request from the Temporal UI whose password reference names an environment variable the
 * worker does not have, then the crawl fails with INVALID_INPUT naming {@code security.passwordRef}
 * after one attempt of the preflight, before any Admin client exists (the reference is resolved
 * before the client is built). The syntactically malformed requests are {@code
 * InvalidRequestIntegrationTest}.
 */
class UnresolvableCredentialIntegrationTest {
  private static CrawlTestEnv env;
  private static ServerSocket fakeBroker;
  private static final AtomicInteger connections = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    fakeBroker = new ServerSocket(0);
    Thread acceptor =
        new Thread(
            () -> {
              while (!fakeBroker.isClosed()) {
                try (Socket s = fakeBroker.accept()) {
                  connections.incrementAndGet();
                } catch (IOException closed) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    env = CrawlTestEnv.start();
  }

  @AfterAll
  static void stop() throws IOException {
    fakeBroker.close();
    env.close();
  }

  @Test
  void passwordRefToAMissingEnvironmentVariableIsInvalidInputNamingTheFieldWithoutRetry() {
    CrawlRequest request =
        CrawlRequest.of("missing-secret", "127.0.0.1:" + fakeBroker.getLocalPort())
            .withSecurity(
                SecurityConfig.sasl("SASL_SSL", "PLAIN", "crawler", "env:KCRAWLER_TEST_MISSING"));
    WorkflowStub stub = env.start(Json.mapper().valueToTree(request));

    Throwable thrown = catchThrowable(() -> stub.getResult(CrawlSummary.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("INVALID_INPUT");
    assertThat(failure.getOriginalMessage())
        .contains("security.passwordRef", "KCRAWLER_TEST_MISSING", "is not set");
    List<HistoryEvent> history = env.history(stub.getExecution().getWorkflowId());
    assertThat(
            history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .containsExactly("Preflight", "ReleaseConnection");
    assertThat(
            history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()))
        .containsOnly(1);
    assertThat(connections.get()).as("connections to the broker").isZero();
  }
}
