package io.kcrawler.activities.confluentcloud;

/**
 * A Metrics API query that failed for good: after the client's retries, or at once for answers a
 * retry cannot change. {@link Kind} says what happened; {@code ActivityFailures} says what kind of
 * failure that is. Messages carry the status and Confluent's {@code errors[].detail}, never a
 * credential.
 */
public final class ConfluentMetricsException extends RuntimeException {

  /** How a query failed. */
  public enum Kind {
    /** 401: the key cannot authenticate (a wrong secret, or a cluster-scoped Kafka key). */
    AUTH,
    /** 403: the key's owner may not read metrics of the cluster (no MetricsViewer there). */
    FORBIDDEN,
    /** 5xx, timeouts, refused connections, or 429 beyond the budget of waits. */
    UNAVAILABLE,
    /** Any other 4xx: the query or the URL is wrong. */
    REJECTED
  }

  private final Kind kind;
  private final int status;

  public ConfluentMetricsException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no answer arrived. */
  public int status() {
    return status;
  }

  static Kind classify(int status) {
    if (status == 401) {
      return Kind.AUTH;
    }
    if (status == 403) {
      return Kind.FORBIDDEN;
    }
    if (status == 429 || status >= 500) {
      return Kind.UNAVAILABLE;
    }
    return Kind.REJECTED;
  }
}
