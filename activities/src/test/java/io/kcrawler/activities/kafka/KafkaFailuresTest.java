package io.kcrawler.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * The failure classification of missing ACLs and rejected credentials: non-retryable (so one
 * attempt), with a message that says what to grant or check. Whether a missing optional right
 * degrades a phase instead is the crawlers' business (they catch these per resource).
 */
class KafkaFailuresTest {
  private static final CrawlRequest REQUEST = CrawlRequest.of("c", "broker-1:9092");

  @Test
  void givenAMissingAclOnARequiredCall_whenClassified_thenNotAuthorizedNonRetryableNamingTheFix() {
    for (Exception denied :
        new Exception[] {
          new ClusterAuthorizationException("Cluster authorization failed."),
          new TopicAuthorizationException(Set.of("orders")),
          new GroupAuthorizationException("Not authorized to access group: g")
        }) {
      ApplicationFailure f =
          KafkaFailures.classify(new ExecutionException(denied), "topics", REQUEST);
      assertThat(f.getType()).isEqualTo(FailureType.NOT_AUTHORIZED.name());
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage())
          .contains("during topics")
          .contains("Grant the ACLs listed under 'Set up permissions'");
    }
  }

  @Test
  void givenRejectedSaslCredentials_whenClassified_thenAuthFailedNonRetryable() {
    ApplicationFailure f =
        KafkaFailures.classify(
            new SaslAuthenticationException("Authentication failed during authentication"),
            "preflight",
            REQUEST);
    assertThat(f.getType()).isEqualTo(FailureType.AUTH_FAILED.name());
    assertThat(f.isNonRetryable()).isTrue();
  }

  @Test
  void givenNoAnswer_whenClassified_thenClusterUnreachableIsRetriedNamingTheBrokers() {
    ApplicationFailure f =
        KafkaFailures.classify(new TimeoutException("timed out"), "topic-configs", REQUEST);
    assertThat(f.getType()).isEqualTo(FailureType.CLUSTER_UNREACHABLE.name());
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("broker-1:9092", "topic-configs");
  }
}
