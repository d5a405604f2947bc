package io.kcrawler.model;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;

/**
 * Every way a crawl can fail, named as the {@link ApplicationFailure} type Temporal records. The
 * flag says whether Temporal should retry it; the workflow's retry policies list the non-retryable
 * ones, so a failure is classified once and retried (or not) consistently.
 */
public enum FailureType {
  /** A request field is wrong; nothing was contacted. */
  INVALID_INPUT(false),
  /** The cluster, registry or catalog rejected the credentials. */
  AUTH_FAILED(false),
  /** Authenticated but a required right (ACL) is missing. */
  NOT_AUTHORIZED(false),
  /** A credential reference could not be resolved (not found, access denied, unknown store). */
  SECRET_UNAVAILABLE(false),
  /** Brokers did not answer; retried with backoff within a bounded budget. */
  CLUSTER_UNREACHABLE(true),
  /** The self-deployed runtime named in the request did not pick up work in time. */
  RUNTIME_OFFLINE(false),
  /** Schema Registry answered 5xx/timeouts; retried, then the schema phase degrades. */
  SCHEMA_REGISTRY_UNAVAILABLE(true),
  /** The catalog API answered 5xx/429 or timed out; retried with backoff. */
  CATALOG_UNAVAILABLE(true),
  /** A crawl for this connection is already running. */
  ALREADY_RUNNING(false),
  /** Anything else transient (I/O, broker-side retriable errors). */
  TRANSIENT(true);

  private final boolean retryable;

  FailureType(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The failure Temporal records; its message is what the user reads, so make it actionable. */
  public ApplicationFailure failure(String message) {
    return retryable
        ? ApplicationFailure.newFailure(message, name())
        : ApplicationFailure.newNonRetryableFailure(message, name());
  }

  public ApplicationFailure failure(String message, Throwable cause) {
    return retryable
        ? ApplicationFailure.newFailureWithCause(message, name(), cause)
        : ApplicationFailure.newNonRetryableFailureWithCause(message, name(), cause);
  }

  /** Types a retry policy must not retry. */
  public static String[] nonRetryableTypes() {
    return Arrays.stream(values()).filter(t -> !t.retryable).map(Enum::name).toArray(String[]::new);
  }
}
