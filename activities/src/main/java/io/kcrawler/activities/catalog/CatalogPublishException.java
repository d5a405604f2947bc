package io.kcrawler.activities.catalog;

/**
 * A publish that could not complete, with what the catalog said ({@link Kind}); the activity
 * boundary's one table turns the kind into a failure type. Messages never contain the token.
 */
public class CatalogPublishException extends RuntimeException {

  /** What the catalog answered, which decides whether the publish is retried. */
  public enum Kind {
    /** 401: the API token is wrong or expired. */
    AUTH,
    /** 403: the token may not do what the publish needs. */
    FORBIDDEN,
    /** Another 4xx: the catalog refused the assets or the request. */
    REJECTED,
    /** The worker's or the request's catalog settings cannot work (missing connection, admins). */
    SETTINGS,
    /** 5xx, 429 or no answer beyond the retry budget: retried, resuming at the last batch. */
    UNAVAILABLE
  }

  private final Kind kind;

  public CatalogPublishException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
