package io.kcrawler.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.Phases;
import io.kcrawler.model.SchemaRegistryConfig;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the workflow adds to an activity's failure: the phase, and for Temporal's own timeouts the
 * system that did not answer in time, typed for that system (not "brokers" for the registry or the
 * catalog). An activity's own typed failure keeps its type.
 */
class FailureExplanationTest {
  static final CrawlRequest REQUEST =
      CrawlRequest.of("c1", "broker-1:9092")
          .withSchemaRegistry(SchemaRegistryConfig.unauthenticated("http://registry:8081"));

  private static ActivityFailure failed(Throwable cause) {
    return new ActivityFailure(
        "activity failed",
        5,
        6,
        "CrawlSomething",
        "1",
        RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
        "worker",
        cause);
  }

  @ParameterizedTest(name = "{0} timing out → {1}")
  @CsvSource({
    "topics, CLUSTER_UNREACHABLE, brokers broker-1:9092",
    "topic-configs, CLUSTER_UNREACHABLE, brokers broker-1:9092",
    "consumer-groups, CLUSTER_UNREACHABLE, brokers broker-1:9092",
    "schemas, SCHEMA_REGISTRY_UNAVAILABLE, Schema Registry http://registry:8081",
    "publish, CATALOG_UNAVAILABLE, the catalog",
  })
  void givenAHeartbeatTimeout_whenExplained_thenTypedForTheSystemThePhaseTalksTo(
      String phase, FailureType type, String names) {
    ApplicationFailure f =
        new KafkaCrawlWorkflowImpl()
            .explain(
                phase,
                REQUEST,
                failed(new TimeoutFailure("heartbeat", null, TimeoutType.TIMEOUT_TYPE_HEARTBEAT)));

    assertThat(f.getType()).isEqualTo(type.name());
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).startsWith(phase + " phase failed").contains(names);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"AUTH_FAILED", "NOT_AUTHORIZED", "SECRET_UNAVAILABLE", "INVALID_INPUT"})
  void givenAnActivitysTypedFailure_whenExplained_thenItKeepsItsTypeAndNamesThePhase(
      FailureType type) {
    ApplicationFailure f =
        new KafkaCrawlWorkflowImpl()
            .explain(Phases.TOPICS, REQUEST, failed(type.failure("what went wrong")));

    assertThat(f.getType()).isEqualTo(type.name());
    assertThat(f.getOriginalMessage()).isEqualTo("topics phase failed: what went wrong");
  }
}
