package io.kcrawler.activities.secrets;

/**
 * A credential reference that could not be resolved: unknown scheme, not found, access denied or
 * store unreachable. {@code transientFailure} tells a store outage (retry) from a bad reference.
 */
public class SecretResolutionException extends RuntimeException {
  private final boolean transientFailure;

  public SecretResolutionException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public SecretResolutionException(String message) {
    this(message, false, null);
  }

  public boolean transientFailure() {
    return transientFailure;
  }
}
