package io.kcrawler.activities.schemaregistry;

/**
 * A Schema Registry call that failed for good: after the client's retries, or at once for answers
 * that retrying cannot fix. {@link Kind} is the one place registry errors are classified; the
 * activity turns it into a failure type. Messages name the method, path and status, never a
 * credential.
 */
public final class SchemaRegistryException extends RuntimeException {

  /** How a call failed, which decides whether the crawl should retry, degrade or stop. */
  public enum Kind {
    /** 5xx, timeouts, refused connections or 429 beyond the retry budget. */
    UNAVAILABLE,
    /** 401 or 403: the credentials are wrong or lack the rights to read. */
    AUTH,
    /** 404 with a Confluent error code (subject, version or schema not found). */
    NOT_FOUND,
    /** Any other 4xx: the request or the URL is wrong. */
    REJECTED,
    /**
     * The TLS handshake failed (untrusted server, missing client certificate): retrying won't help.
     */
    TLS
  }

  private final Kind kind;
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(
      Kind kind, int status, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** Confluent's {@code error_code} (e.g. 40401), or 0 when the body had none. */
  public int errorCode() {
    return errorCode;
  }

  static Kind classify(int status) {
    if (status == 401 || status == 403) {
      return Kind.AUTH;
    }
    if (status == 404) {
      return Kind.NOT_FOUND;
    }
    if (status == 429 || status >= 500) {
      return Kind.UNAVAILABLE;
    }
    return Kind.REJECTED;
  }
}
